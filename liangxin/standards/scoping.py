"""Who sees which checklists, inspections and rectifications (core.scoping).

Results, findings and rectifications belong to an organization and are seen like its
members. An inspection is seen by the region that organized it and by whoever sees one
of its targets. 暗访 (unannounced) findings stay hidden from the inspected organization's
own users until the inspection is published: the organization-scoped half of each rule
excludes them, so every list, page and count leaves them out alike.
"""

from django.db.models import Exists, OuterRef, Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.standards.models import (
    ChecklistEvent,
    ChecklistItem,
    ChecklistResult,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionKind,
    ItemEvidence,
    ItemResult,
    Rectification,
    RectificationEvent,
    RectificationEvidence,
)


def _through(prefix: str, scope: Scope) -> Q | None:
    return any_of(
        prefix_q(f"{prefix}organization__region__path", scope.region_paths),
        prefix_q(f"{prefix}organization__path", scope.organization_paths),
    )


def _published(prefix: str) -> Q:
    return ~Q(**{f"{prefix}kind": InspectionKind.UNANNOUNCED}) | Q(**{f"{prefix}published": True})


def _through_inspected(prefix: str, inspection: str, scope: Scope) -> Q | None:
    """An organization's record from an inspection: its own users wait for the 通报 of 暗访."""
    organization = prefix_q(f"{prefix}organization__path", scope.organization_paths)
    return any_of(
        prefix_q(f"{prefix}organization__region__path", scope.region_paths),
        organization & _published(inspection) if organization is not None else None,
    )


def vocabulary_rule(scope: Scope) -> Q | None:
    """The checklists themselves are the district's published standard: every business
    user reads them (nothing for an account without a scope)."""
    return None if scope.is_empty else Q()


def result_rule(scope: Scope) -> Q | None:
    return _through("", scope)


def item_result_rule(scope: Scope) -> Q | None:
    return _through("result__", scope)


def item_evidence_rule(scope: Scope) -> Q | None:
    return _through("item_result__result__", scope)


def checklist_event_rule(scope: Scope) -> Q | None:
    return _through("result__", scope)


def inspection_rule(scope: Scope) -> Q | None:
    Target = Inspection.targets.through
    targets = Target.objects.filter(inspection=OuterRef("pk"))
    by_region = prefix_q("partyorganization__region__path", scope.region_paths)
    by_organization = prefix_q("partyorganization__path", scope.organization_paths)
    return any_of(
        prefix_q("region__path", scope.region_paths),
        Q(Exists(targets.filter(by_region))) if by_region is not None else None,
        Q(Exists(targets.filter(by_organization))) & _published("")
        if by_organization is not None
        else None,
    )


def finding_rule(scope: Scope) -> Q | None:
    return _through_inspected("", "inspection__", scope)


def rectification_rule(scope: Scope) -> Q | None:
    return _through_inspected("", "inspection__", scope)


def rectification_record_rule(scope: Scope) -> Q | None:
    return _through_inspected("rectification__", "rectification__inspection__", scope)


SCOPE_RULES = [
    (ChecklistTemplate, vocabulary_rule),
    (ChecklistItem, vocabulary_rule),
    (ChecklistResult, result_rule),
    (ItemResult, item_result_rule),
    (ItemEvidence, item_evidence_rule),
    (ChecklistEvent, checklist_event_rule),
    (Inspection, inspection_rule),
    (Finding, finding_rule),
    (Rectification, rectification_rule),
    (RectificationEvidence, rectification_record_rule),
    (RectificationEvent, rectification_record_rule),
]

"""Reads of checklists, inspections and rectifications, every one through ``scoped``.

An organization's checklist, the town's completion list and the district's shares by region
are computed for many organizations at once: one query per auto source (standards.auto),
one for the judged items, one for the results, counts by GROUP BY on the region path."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.standards import auto
from liangxin.standards.models import (
    BRANCH_LIKE_KINDS,
    ChecklistItem,
    ChecklistResult,
    ChecklistTemplate,
    Finding,
    Inspection,
    ItemEvidence,
    ItemResult,
    ItemState,
    Rectification,
    RectificationEvidence,
    RectificationState,
    ResultStatus,
)

DONE_STATES = (ItemState.MET, ItemState.NOT_APPLICABLE)


# --- versions -------------------------------------------------------------------------------


def template_versions(*, user):
    return scoped(ChecklistTemplate.objects.all(), user).order_by("name", "-version")


def template_detail(*, user, pk, published_only: bool = False) -> ChecklistTemplate:
    versions = ChecklistTemplate.objects.filter(published=True) if published_only else None
    return get_scoped_or_404(
        versions if versions is not None else ChecklistTemplate.objects.all(), user, pk=pk
    )


def current_templates(*, user, on=None) -> list[ChecklistTemplate]:
    """The version in force of each named checklist: the last published one already effective."""
    on = on or timezone.localdate()
    in_force = scoped(ChecklistTemplate.objects.all(), user).filter(
        published=True, effective_from__lte=on
    )
    latest: dict[str, ChecklistTemplate] = {}
    for template in in_force.order_by("name", "-version"):
        latest.setdefault(template.name, template)
    return sorted(latest.values(), key=lambda t: t.pk)


def template_choice(*, user, template_id, on=None) -> ChecklistTemplate | None:
    """The version asked for (any published one: an old result keeps its version), else the
    first in force."""
    if template_id and str(template_id).isdigit():
        published = scoped(ChecklistTemplate.objects.filter(published=True), user)
        found = published.filter(pk=template_id).first()
        if found:
            return found
    current = current_templates(user=user, on=on)
    return current[0] if current else None


def current_items(*, user):
    """The items of the versions in force, for an inspection's findings."""
    current = current_templates(user=user)
    return scoped(ChecklistItem.objects.filter(template__in=current), user).select_related(
        "template"
    )


def template_items(template: ChecklistTemplate) -> list[ChecklistItem]:
    return list(template.items.order_by("order", "id"))


# --- one organization's checklist -----------------------------------------------------------


def organization_for_checklist(*, user, code: str) -> PartyOrganization:
    return get_scoped_or_404(PartyOrganization.objects.select_related("region"), user, code=code)


@dataclass
class ItemRow:
    item: ChecklistItem
    met: bool
    why: str
    judged_by_platform: bool
    result: ItemResult | None = None
    evidence: list = field(default_factory=list)

    @property
    def state_label(self) -> str:
        if self.result and self.result.state:
            return self.result.get_state_display()
        return "达标" if self.met else "未达标"


def result_of(*, user, organization, template, year) -> ChecklistResult | None:
    return (
        scoped(ChecklistResult.objects.all(), user)
        .filter(organization=organization, template=template, year=year)
        .select_related("verifier")
        .first()
    )


def checklist_rows(*, user, organization, template, result, as_of) -> list[ItemRow]:
    items = [i for i in template_items(template) if i.applies(organization.kind)]
    one = PartyOrganization.objects.filter(pk=organization.pk)
    platform = auto.met_by_item(items, one, as_of)
    judged = {}
    if result is not None:
        evidence = Prefetch("evidence", queryset=scoped(ItemEvidence.objects.all(), user))
        found = scoped(ItemResult.objects.filter(result=result), user).prefetch_related(evidence)
        judged = {r.item_id: r for r in found}
    return [_row(item, platform, judged.get(item.pk), organization.pk) for item in items]


def _row(item, platform: dict, judged: ItemResult | None, organization_id: int) -> ItemRow:
    if item.pk in platform:
        met = organization_id in platform[item.pk]
        why = "" if met else auto.source_for(item.auto_source).missing
        return ItemRow(item, met, why, True, judged)
    state = judged.state if judged else ""
    met = state in DONE_STATES
    evidence = list(judged.evidence.all()) if judged else []
    return ItemRow(
        item, met, "" if met else _why_not(item, judged, evidence), False, judged, evidence
    )


def _why_not(item, judged, evidence) -> str:
    if item.is_auto:
        return "平台暂未接入该项数据，由镇（园区）核验人员判定"
    if judged and judged.state == ItemState.UNMET:
        return judged.note or "核验未达标"
    if not evidence and not (judged and judged.note):
        return (
            f"尚未上传{item.get_evidence_kind_display()}"
            if item.evidence_kind != "note"
            else ("尚未填写文字说明")
        )
    return "已有材料，尚未自查确认"


def evidence_detail(*, user, pk) -> ItemEvidence:
    return get_scoped_or_404(ItemEvidence.objects.all(), user, pk=pk)


def result_detail(*, user, pk) -> ChecklistResult:
    return get_scoped_or_404(
        ChecklistResult.objects.select_related("organization", "template"), user, pk=pk
    )


# --- the town's completion and the district's shares ----------------------------------------


def checked_organizations(*, user, template, on=None):
    """Active organizations in scope that the checklist applies to."""
    kinds = set()
    for item in template.items.all():
        kinds.update(item.applies_to or BRANCH_LIKE_KINDS)
    return scoped(PartyOrganization.objects.active(on).filter(kind__in=kinds), user)


@dataclass
class CompletionRow:
    organization: PartyOrganization
    status: str
    status_label: str
    met_on: datetime.date | None
    unmet: list[str]


def completion(*, user, template, year, as_of) -> list[CompletionRow]:
    organizations = checked_organizations(user=user, template=template, on=as_of).select_related(
        "region"
    )
    items = [item for item in template_items(template) if item.required]
    platform = auto.met_by_item(items, organizations, as_of)
    results = scoped(ChecklistResult.objects.filter(template=template, year=year), user)
    statuses = {r[0]: r[1:] for r in results.values_list("organization_id", "status", "met_on")}
    done = set(
        scoped(ItemResult.objects.all(), user)
        .filter(result__in=results, state__in=DONE_STATES)
        .values_list("result__organization_id", "item_id")
    )
    labels = dict(ResultStatus.choices)
    rows = []
    for org in organizations:
        unmet = [
            item.text
            for item in items
            if item.applies(org.kind)
            and (
                org.pk not in platform[item.pk]
                if item.pk in platform
                else (org.pk, item.pk) not in done
            )
        ]
        status, met_on = statuses.get(org.pk, ("", None))
        rows.append(CompletionRow(org, status, labels.get(status, "未自查"), met_on, unmet))
    return rows


def share(rows: list[CompletionRow]) -> tuple[int, int]:
    return sum(row.status == ResultStatus.MET for row in rows), len(rows)


def most_missed(rows: list[CompletionRow], limit: int = 5) -> list[tuple[str, int]]:
    """The required items most organizations miss (WORK.md §2 statistics)."""
    return Counter(text for row in rows for text in row.unmet).most_common(limit)


def shares_by_region(*, user, template, year, parent: Region, on=None) -> list[dict]:
    """Organizations and those 达标认定, per child region of ``parent``: two GROUP BYs."""
    length = (parent.depth + 1) * Region.steplen
    below = {
        "region__path__startswith": parent.path,
        "region__depth__gt": parent.depth,
    }
    organizations = (
        checked_organizations(user=user, template=template, on=on)
        .filter(**below)
        .annotate(child=Substr("region__path", 1, length))
        .order_by()
        .values("child")
        .annotate(
            total=Count("id"),
            met=Count(
                "checklist_results",
                filter=Q(
                    checklist_results__template=template,
                    checklist_results__year=year,
                    checklist_results__status=ResultStatus.MET,
                ),
            ),
        )
    )
    by_path = {row["child"]: row for row in organizations}
    names = dict(Region.objects.filter(path__in=by_path).values_list("path", "name"))
    return [
        {"region": names.get(path, path), **row, "share": row["met"] / row["total"]}
        for path, row in sorted(by_path.items())
    ]


# --- inspections and rectifications ---------------------------------------------------------


def inspection_list(*, user):
    return scoped(Inspection.objects.select_related("region"), user).order_by("-held_on", "-id")


def inspection_detail(*, user, pk) -> Inspection:
    return get_scoped_or_404(Inspection.objects.select_related("region"), user, pk=pk)


def scoped_targets(*, user, inspection):
    return scoped(inspection.targets.select_related("region"), user).order_by("path")


def inspection_findings(*, user, inspection):
    return (
        scoped(Finding.objects.filter(inspection=inspection), user)
        .select_related("organization", "item")
        .order_by("organization__path", "id")
    )


def rectification_list(*, user):
    return scoped(
        Rectification.objects.select_related("organization", "inspection"), user
    ).order_by("due_on", "id")


def overdue_rectifications(user, on=None):
    return Rectification.objects.overdue(on).select_related("organization")


def open_rectifications(*, user):
    return rectification_list(user=user).exclude(state=RectificationState.CLOSED)


def rectification_detail(*, user, pk) -> Rectification:
    evidence = Prefetch("evidence", queryset=RectificationEvidence.objects.order_by("id"))
    return get_scoped_or_404(
        Rectification.objects.select_related(
            "organization", "inspection", "verifier"
        ).prefetch_related(evidence, "events__actor"),
        user,
        pk=pk,
    )


def rectification_evidence_detail(*, user, pk) -> RectificationEvidence:
    return get_scoped_or_404(RectificationEvidence.objects.all(), user, pk=pk)

"""Who sees which co-building records (core.scoping).

A pairing, alliance or workshop through its region (a town sees its own, the district all),
through the organizations (a secretary: the pairings of their organization or of an
enterprise it covers, the alliances it leads or belongs to, the workshops its enterprises
host) and an instructor through the assigned enterprises. What hangs off them (members,
chairs, meetings, issues, figures, outcomes) follows its holder. The sets are the
district's vocabulary, seen by every scope."""

from django.db.models import Q

from liangxin.cobuilding.models import (
    Alliance,
    AllianceKind,
    AllianceMember,
    ChairTerm,
    JointMeeting,
    MeetingIssue,
    Outcome,
    OutcomeType,
    Pairing,
    Programme,
    Workshop,
    WorkshopFigure,
    WorkshopType,
)
from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.organizations.models import CoverageLink


def vocabulary_rule(scope: Scope) -> Q | None:
    return None if scope.is_empty else Q()


def _enterprise_q(field: str, scope: Scope) -> Q | None:
    covered = None
    if scope.organization_paths:
        links = CoverageLink.objects.filter(
            prefix_q("organization__path", scope.organization_paths)
        )
        covered = Q(**{f"{field}_id__in": links.values("enterprise_id")})
    assigned = Q(**{f"{field}_id__in": scope.enterprise_ids}) if scope.enterprise_ids else None
    return any_of(covered, assigned)


def pairing_q(prefix: str, scope: Scope) -> Q | None:
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        prefix_q(f"{prefix}organization__path", scope.organization_paths),
        _enterprise_q(f"{prefix}enterprise", scope),
    )


def alliance_q(prefix: str, scope: Scope) -> Q | None:
    member = None
    if scope.organization_paths or scope.enterprise_ids:
        members = AllianceMember.objects.filter(
            any_of(
                prefix_q("organization__path", scope.organization_paths),
                _enterprise_q("enterprise", scope),
            )
        )
        member = Q(**{f"{prefix}id__in" if prefix else "pk__in": members.values("alliance_id")})
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        prefix_q(f"{prefix}lead__path", scope.organization_paths),
        member,
    )


def workshop_q(prefix: str, scope: Scope) -> Q | None:
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        _enterprise_q(f"{prefix}enterprise", scope),
    )


def _rule(build, prefix: str = ""):
    def rule(scope: Scope) -> Q | None:
        return build(prefix, scope)

    return rule


def outcome_rule(scope: Scope) -> Q | None:
    return any_of(
        pairing_q("pairing__", scope),
        alliance_q("alliance__", scope),
        workshop_q("workshop__", scope),
    )


SCOPE_RULES = [
    *((model, vocabulary_rule) for model in (Programme, OutcomeType, WorkshopType, AllianceKind)),
    (Pairing, _rule(pairing_q)),
    (Alliance, _rule(alliance_q)),
    (AllianceMember, _rule(alliance_q, "alliance__")),
    (ChairTerm, _rule(alliance_q, "alliance__")),
    (JointMeeting, _rule(alliance_q, "alliance__")),
    (MeetingIssue, _rule(alliance_q, "meeting__alliance__")),
    (Workshop, _rule(workshop_q)),
    (WorkshopFigure, _rule(workshop_q, "workshop__")),
    (Outcome, outcome_rule),
]

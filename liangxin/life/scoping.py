"""Who sees which organization-life records (core.scoping): through the organization, as
organizations are seen (an instructor sees the organizations of the enterprises assigned)."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.life.models import (
    Appraisal,
    Attendance,
    CorrectionCase,
    Decision,
    Meeting,
    MeetingFile,
    QuorumExclusion,
    StudyGuide,
    Talk,
)
from liangxin.members.scoping import member_record_rule
from liangxin.organizations.models import CoverageLink, PartyOrganization
from liangxin.regions.models import Region


def through(relation: str):
    """The organizations rule, reached through ``relation`` (``organization`` …)."""

    def rule(scope: Scope) -> Q | None:
        via_assignments = None
        if scope.enterprise_ids:
            links = CoverageLink.objects.filter(enterprise_id__in=scope.enterprise_ids)
            via_assignments = Q(**{f"{relation}_id__in": links.values("organization_id")})
        return any_of(
            prefix_q(f"{relation}__region__path", scope.region_paths),
            prefix_q(f"{relation}__path", scope.organization_paths),
            via_assignments,
        )

    return rule


def guide_rule(scope: Scope) -> Q | None:
    """A 提示单 is seen in the subtree it was sent to, and by the secretaries of the
    organizations there: sent to their region or to a region above it."""
    sent_above_ours = None
    if scope.organization_paths:
        orgs = PartyOrganization.objects.filter(prefix_q("path", scope.organization_paths))
        region_paths = set(orgs.values_list("region__path", flat=True))
        sent_above_ours = Q(region__path__in=sorted(_ancestor_paths(region_paths)))
    return any_of(prefix_q("region__path", scope.region_paths), sent_above_ours)


def _ancestor_paths(paths) -> set[str]:
    """Each path and its ancestors' (treebeard paths: every ``steplen`` characters a level)."""
    step = Region.steplen
    return {path[:end] for path in paths for end in range(step, len(path) + 1, step)}


SCOPE_RULES = [
    (Meeting, through("organization")),
    (Attendance, through("meeting__organization")),
    (Decision, through("meeting__organization")),
    (MeetingFile, through("meeting__organization")),
    (Talk, through("organization")),
    (Appraisal, through("organization")),
    (CorrectionCase, member_record_rule),
    (QuorumExclusion, member_record_rule),
    (StudyGuide, guide_rule),
]

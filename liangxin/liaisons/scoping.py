"""Who sees which liaison records (core.scoping).

A liaison, their notices and receipts: through the liaison's region, and through the
enterprises served (a receipt is seen by the enterprise's region, by the organizations
covering it, by an instructor assigned to it; a notice by whoever sees one of its receipts).
三联三会 and 党员联系职工: through the organization, like members."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.liaisons.models import (
    LiaisonLink,
    LiaisonMeeting,
    MemberStaffLink,
    NoticeReceipt,
    PolicyLiaison,
    PolicyNotice,
    StaffProblem,
)
from liangxin.members.scoping import member_record_rule, member_rule
from liangxin.organizations.models import CoverageLink


def enterprise_q(field: str, scope: Scope) -> Q | None:
    """Rows whose ``field`` (an enterprise) the scope reaches by region, coverage, assignment."""
    covered = None
    if scope.organization_paths:
        links = CoverageLink.objects.filter(
            prefix_q("organization__path", scope.organization_paths)
        )
        covered = Q(**{f"{field}__in": links.values("enterprise_id")})
    assigned = Q(**{f"{field}__in": scope.enterprise_ids}) if scope.enterprise_ids else None
    return any_of(prefix_q(f"{field}__region__path", scope.region_paths), covered, assigned)


def receipt_rule(scope: Scope) -> Q | None:
    return any_of(
        prefix_q("notice__liaison__region__path", scope.region_paths),
        enterprise_q("enterprise", scope),
    )


def notice_rule(scope: Scope) -> Q | None:
    reached = enterprise_q("enterprise", scope)
    through_receipts = (
        Q(pk__in=NoticeReceipt.objects.filter(reached).values("notice_id")) if reached else None
    )
    return any_of(prefix_q("liaison__region__path", scope.region_paths), through_receipts)


def liaison_rule(scope: Scope) -> Q | None:
    reached = enterprise_q("enterprise", scope)
    serving = None
    if reached is not None:
        assignments = PolicyLiaison.enterprises.through.objects.filter(reached)
        serving = Q(pk__in=assignments.values("policyliaison_id"))
    return any_of(prefix_q("region__path", scope.region_paths), serving)


def problem_rule(scope: Scope) -> Q | None:
    return any_of(
        prefix_q("link__member__organization__region__path", scope.region_paths),
        prefix_q("link__member__organization__path", scope.organization_paths),
    )


SCOPE_RULES = [
    (PolicyLiaison, liaison_rule),
    (PolicyNotice, notice_rule),
    (NoticeReceipt, receipt_rule),
    (LiaisonLink, member_rule),
    (LiaisonMeeting, member_rule),
    (MemberStaffLink, member_record_rule),
    (StaffProblem, problem_rule),
]

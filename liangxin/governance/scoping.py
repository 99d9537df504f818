"""Who sees which committee members (core.scoping): through the organization they sit on —
a town or the district by the organization's region, a secretary their own organization
subtree, an instructor the organizations covering the enterprises assigned to them."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.governance.models import CommitteeMember
from liangxin.organizations.models import CoverageLink


def committee_rule(scope: Scope) -> Q | None:
    assigned = None
    if scope.enterprise_ids:
        links = CoverageLink.objects.filter(enterprise_id__in=scope.enterprise_ids)
        assigned = Q(organization_id__in=links.values("organization_id"))
    return any_of(
        prefix_q("organization__region__path", scope.region_paths),
        prefix_q("organization__path", scope.organization_paths),
        assigned,
    )


SCOPE_RULES = [(CommitteeMember, committee_rule)]

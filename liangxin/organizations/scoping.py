"""Who sees which organizations and stations (core.scoping), and what an organization
subtree reaches in the apps below: the regions its organizations sit in, the
enterprises they cover."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import CoverageLink, PartyOrganization, PartyStation
from liangxin.regions.models import Region
from liangxin.regions.scoping import in_region


def organization_rule(scope: Scope) -> Q | None:
    """In a region of the scope, under an organization of it, or covering an assigned enterprise."""
    via_assignments = None
    if scope.enterprise_ids:
        links = CoverageLink.objects.filter(enterprise_id__in=scope.enterprise_ids)
        via_assignments = Q(pk__in=links.values("organization_id"))
    return any_of(
        prefix_q("region__path", scope.region_paths),
        prefix_q("path", scope.organization_paths),
        via_assignments,
    )


def region_of_organization(scope: Scope) -> Q | None:
    """A secretary sees the regions its organizations sit in."""
    if not scope.organization_paths:
        return None
    orgs = PartyOrganization.objects.filter(prefix_q("path", scope.organization_paths))
    return Q(pk__in=orgs.values("region_id"))


def covered_enterprise_ids(scope: Scope):
    """The ids of the enterprises the scope's organization subtrees cover (a subquery)."""
    links = CoverageLink.objects.filter(prefix_q("organization__path", scope.organization_paths))
    return links.values("enterprise_id")


def enterprise_covered_by_organization(scope: Scope) -> Q | None:
    """A secretary sees the enterprises its organization subtree covers."""
    if not scope.organization_paths:
        return None
    return Q(pk__in=covered_enterprise_ids(scope))


SCOPE_RULES = [
    (PartyOrganization, organization_rule),
    (PartyStation, in_region),
    (Region, region_of_organization),
    (Enterprise, enterprise_covered_by_organization),
]

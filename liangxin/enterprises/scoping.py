"""Who sees which enterprises (core.scoping): by region, and an instructor's assignments.

The organizations app adds the way in through the organizations that cover an
enterprise (organizations.scoping).
"""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region


def enterprise_by_region_or_assignment(scope: Scope) -> Q | None:
    """Registered in a region of the scope, or assigned to the instructor."""
    via_assignments = Q(pk__in=scope.enterprise_ids) if scope.enterprise_ids else None
    return any_of(prefix_q("region__path", scope.region_paths), via_assignments)


def region_of_assigned_enterprise(scope: Scope) -> Q | None:
    """An instructor sees the regions of the enterprises assigned to them."""
    if not scope.enterprise_ids:
        return None
    enterprises = Enterprise.objects.filter(pk__in=scope.enterprise_ids)
    return Q(pk__in=enterprises.values("region_id"))


SCOPE_RULES = [
    (Enterprise, enterprise_by_region_or_assignment),
    (Region, region_of_assigned_enterprise),
]

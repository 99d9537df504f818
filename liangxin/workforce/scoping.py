"""Who sees which instructors (core.scoping)."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q, scope_filter
from liangxin.enterprises.models import Enterprise
from liangxin.workforce.models import Instructor


def instructor_rule(scope: Scope) -> Q | None:
    """By region, through the enterprises they are assigned to, and the instructor themself."""
    via_enterprises = None
    if scope.region_paths or scope.organization_paths:
        reachable = scope_filter(
            Enterprise,
            Scope(region_paths=scope.region_paths, organization_paths=scope.organization_paths),
        )
        through = Instructor.enterprises.through.objects.filter(
            enterprise_id__in=Enterprise.objects.filter(reachable).values("id")
        )
        via_enterprises = Q(pk__in=through.values("instructor_id"))
    itself = Q(pk=scope.instructor_id) if scope.instructor_id else None
    return any_of(prefix_q("region__path", scope.region_paths), via_enterprises, itself)


SCOPE_RULES = [(Instructor, instructor_rule)]

"""Who sees which instructors, appointments, visits and hazards (core.scoping)."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q, scope_filter
from liangxin.enterprises.models import Enterprise
from liangxin.workforce.models import (
    AssignedEnterprise,
    Assignment,
    AssignmentEvent,
    Hazard,
    Instructor,
    Visit,
    VisitPhoto,
)


def _reachable_enterprises(scope: Scope):
    """The enterprises of the scope's regions and organizations (not an instructor's own:
    an instructor sees their own work, not the other instructors' at the same firm)."""
    if not (scope.region_paths or scope.organization_paths):
        return None
    reachable = scope_filter(
        Enterprise,
        Scope(region_paths=scope.region_paths, organization_paths=scope.organization_paths),
    )
    return Enterprise.objects.filter(reachable).values("id")


def instructor_rule(scope: Scope) -> Q | None:
    """By region, through the enterprises they are assigned to, and the instructor themself."""
    via_enterprises = None
    enterprises = _reachable_enterprises(scope)
    if enterprises is not None:
        through = Instructor.enterprises.through.objects.filter(enterprise_id__in=enterprises)
        via_enterprises = Q(pk__in=through.values("instructor_id"))
    itself = Q(pk=scope.instructor_id) if scope.instructor_id else None
    return any_of(prefix_q("region__path", scope.region_paths), via_enterprises, itself)


def _own(field: str, scope: Scope) -> Q | None:
    return Q(**{field: scope.instructor_id}) if scope.instructor_id else None


def assignment_rule(scope: Scope) -> Q | None:
    via_enterprises = None
    enterprises = _reachable_enterprises(scope)
    if enterprises is not None:
        through = AssignedEnterprise.objects.filter(enterprise_id__in=enterprises)
        via_enterprises = Q(pk__in=through.values("assignment_id"))
    return any_of(
        prefix_q("instructor__region__path", scope.region_paths),
        via_enterprises,
        _own("instructor_id", scope),
    )


def assigned_enterprise_rule(scope: Scope) -> Q | None:
    visible = assignment_rule(scope)
    if visible is None:
        return None
    return Q(assignment_id__in=Assignment.objects.filter(visible).values("id"))


def _through_assignment(scope: Scope) -> Q | None:
    visible = assignment_rule(scope)
    return None if visible is None else Q(assignment__in=Assignment.objects.filter(visible))


def _visit_q(prefix: str, scope: Scope) -> Q | None:
    enterprises = _reachable_enterprises(scope)
    via = Q(**{f"{prefix}enterprise_id__in": enterprises}) if enterprises is not None else None
    return any_of(via, _own(f"{prefix}instructor_id", scope))


SCOPE_RULES = [
    (Instructor, instructor_rule),
    (Assignment, assignment_rule),
    (AssignedEnterprise, assigned_enterprise_rule),
    (AssignmentEvent, lambda scope: _through_assignment(scope)),
    (Visit, lambda scope: _visit_q("", scope)),
    (VisitPhoto, lambda scope: _visit_q("visit__", scope)),
    (Hazard, lambda scope: _visit_q("visit__", scope)),
]

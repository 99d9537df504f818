import datetime

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import PartyOrganization
from liangxin.standards.selectors import current_items
from liangxin.workforce.models import (
    AssignedEnterprise,
    Assignment,
    AssignmentState,
    Hazard,
    Instructor,
    Visit,
)
from liangxin.workforce.periods import period_of, previous_period


def instructor_list(*, user):
    return scoped(
        Instructor.objects.select_related("region").defer("id_number_cipher", "phone_cipher"),
        user,
    )


def instructor_detail(*, user, public_id) -> Instructor:
    return get_scoped_or_404(Instructor.objects.select_related("region"), user, public_id=public_id)


def own_instructor(user) -> Instructor | None:
    return getattr(user, "instructor", None) if user.is_authenticated else None


# --- appointments ---------------------------------------------------------------------------


def assignment_list(*, user):
    return scoped(Assignment.objects.select_related("instructor"), user)


def assignment_detail(*, user, pk) -> Assignment:
    return get_scoped_or_404(Assignment.objects.select_related("instructor"), user, pk=pk)


def active_pairs(on: datetime.date):
    """(assignment, enterprise) rows of the appointments in force on ``on``."""
    return AssignedEnterprise.objects.filter(
        assignment__state=AssignmentState.ACTIVE,
        assignment__starts_on__lte=on,
        assignment__ends_on__gte=on,
    )


def assigned_enterprises(instructor: Instructor, on: datetime.date | None = None):
    on = on or timezone.localdate()
    pairs = active_pairs(on).filter(assignment__instructor=instructor)
    return Enterprise.objects.filter(pk__in=pairs.values("enterprise_id"))


def _visited_between(start, end):
    return Exists(
        Visit.objects.filter(
            instructor_id=OuterRef("assignment__instructor_id"),
            enterprise_id=OuterRef("enterprise_id"),
            visited_on__gte=start,
            visited_on__lte=end,
        )
    )


def visits_due(*, user, on: datetime.date | None = None):
    """Assigned enterprises not yet visited in the period holding ``on`` (due by its end)."""
    on = on or timezone.localdate()
    start, end = period_of(on)
    pairs = active_pairs(on).filter(~_visited_between(start, end))
    return _scoped_pairs(pairs, user)


def visits_overdue(*, user, on: datetime.date | None = None):
    """Assigned enterprises with no visit in the last whole period before ``on``: the
    appointment was in force at that period's end and still is."""
    on = on or timezone.localdate()
    start, end = previous_period(on)
    pairs = (
        active_pairs(on)
        .filter(assignment__starts_on__lte=end)
        .filter(~_visited_between(start, end))
    )
    return _scoped_pairs(pairs, user)


def _scoped_pairs(pairs, user):
    return (
        scoped(pairs, user)
        .select_related("assignment__instructor", "enterprise")
        .order_by("assignment__instructor__name", "enterprise__name", "id")
    )


def home_work(*, instructor: Instructor, on: datetime.date | None = None) -> list[dict]:
    """The instructor's enterprises with the last visit and the end of the current period
    if it is still to be visited."""
    on = on or timezone.localdate()
    start, end = period_of(on)
    enterprises = assigned_enterprises(instructor, on).annotate(
        last_visit=Max(
            "instructor_visits__visited_on", filter=Q(instructor_visits__instructor=instructor)
        )
    )
    return [
        {
            "enterprise": enterprise,
            "last_visit": enterprise.last_visit,
            "due": None if enterprise.last_visit and enterprise.last_visit >= start else end,
        }
        for enterprise in enterprises.order_by("name", "id")
    ]


# --- visits and hazards ---------------------------------------------------------------------


def visit_list(*, user):
    return scoped(
        Visit.objects.select_related("instructor", "enterprise", "enterprise__region"), user
    )


def visit_detail(*, user, pk) -> Visit:
    return get_scoped_or_404(Visit.objects.select_related("instructor", "enterprise"), user, pk=pk)


def hazard_list(*, user):
    return scoped(
        Hazard.objects.select_related(
            "visit", "visit__enterprise", "visit__instructor", "closed_at"
        ),
        user,
    )


def open_hazards(*, user):
    return hazard_list(user=user).filter(rectified_on__isnull=True)


def hazards_past_due(*, user, on: datetime.date | None = None):
    """Open hazards whose rectify-by date has passed (the day itself is still in time)."""
    on = on or timezone.localdate()
    return open_hazards(user=user).filter(rectify_by__lt=on)


def enterprise_open_hazards(*, instructor: Instructor, enterprise: Enterprise):
    return Hazard.objects.filter(
        visit__instructor=instructor, visit__enterprise=enterprise, rectified_on__isnull=True
    ).select_related("visit")


def checklist_items_for(*, user, enterprise: Enterprise):
    """The checklist items in force that apply to the organizations covering ``enterprise``
    (by their kind): what an instructor's visit there can be guided against. None for an
    enterprise with no organization yet."""
    kinds = set(
        PartyOrganization.objects.filter(coverage_links__enterprise=enterprise).values_list(
            "kind", flat=True
        )
    )
    items = current_items(user=user)
    applying = [item.pk for item in items if any(item.applies(kind) for kind in kinds)]
    return items.filter(pk__in=applying).order_by("template__name", "order", "id")

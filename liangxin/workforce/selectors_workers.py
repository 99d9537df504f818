"""Reads of the party workers, their stations, work lists and assessments (all scoped)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from liangxin.core import roles
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.organizations.models import PartyStation
from liangxin.workforce import selectors
from liangxin.workforce.models import Hazard, Instructor, Visit
from liangxin.workforce.models_people import (
    Assessment,
    Certification,
    Honour,
    PartyWorker,
    TrainingAttendance,
    WorkerState,
    WorkList,
    WorkListItem,
    WorkListState,
)
from liangxin.workforce.periods import period_of, visit_months

# --- workers ------------------------------------------------------------------------------


def worker_list(*, user):
    return scoped(
        PartyWorker.objects.select_related("region", "organization", "station", "enterprise"),
        user,
    )


def worker_detail(*, user, pk) -> PartyWorker:
    return get_scoped_or_404(
        PartyWorker.objects.select_related("region", "organization", "station", "enterprise"),
        user,
        pk=pk,
    )


def own_workers(user):
    """The worker records of the signed-in person: linked to their login, or an instructor's
    through the instructor record."""
    if not user.is_authenticated:
        return PartyWorker.objects.none()
    instructor = selectors.own_instructor(user)
    mine = Q(user=user)
    if instructor is not None:
        mine |= Q(instructor=instructor)
    return PartyWorker.objects.filter(mine)


def keeps_workers(user) -> bool:
    """District and town admins keep the workers, their lists and grades."""
    return roles.can_edit(user, "instructors")


def filter_workers(workers, params):
    """The list's filters: role, full-time, region or station, state, name or initials."""
    if role := params.get("role"):
        workers = workers.filter(role=role)
    if params.get("full_time") in ("1", "0"):
        workers = workers.filter(full_time=params["full_time"] == "1")
    if state := params.get("state"):
        workers = workers.filter(state=state)
    if region := params.get("region", "").strip():
        workers = workers.filter(Q(region__name__contains=region) | Q(region__code=region))
    if station := params.get("station", "").strip():
        workers = workers.filter(station__name__contains=station)
    if text := params.get("q", "").strip():
        workers = workers.filter(Q(name__contains=text) | Q(name_initials__icontains=text))
    return workers


def grade_counts(workers) -> list[dict]:
    """书记分级 per region: the active secretaries by grade (one GROUP BY)."""
    rows = (
        workers.filter(state=WorkerState.ACTIVE)
        .exclude(secretary_grade="")
        .values("region__name", "secretary_grade")
        .annotate(n=Count("id"))
        .order_by("region__name")
    )
    table: dict[str, dict] = {}
    for row in rows:
        line = table.setdefault(row["region__name"], {"region": row["region__name"]})
        line[row["secretary_grade"]] = row["n"]
    return list(table.values())


def year_counts(worker: PartyWorker, year: int, user) -> dict:
    """Read-only counts of what other pages keep: certifications, honours, training."""
    attended = scoped(TrainingAttendance.objects.filter(worker=worker), user).filter(
        training__starts_on__year=year
    )
    return {
        "certifications": scoped(Certification.objects.filter(worker=worker), user).count(),
        "honours": scoped(Honour.objects.filter(worker=worker), user).count(),
        "trainings": attended.count(),
    }


@dataclass
class StationRow:
    station: PartyStation
    worker: PartyWorker | None


def station_rows(*, user) -> list[StationRow]:
    """一站一岗: each station of the scope with its full-time worker in post, if any; the
    stations with none first."""
    in_post = PartyWorker.objects.filter(state=WorkerState.ACTIVE, full_time=True)
    stations = scoped(PartyStation.objects.select_related("region"), user).prefetch_related(
        Prefetch("workers", queryset=in_post, to_attr="in_post")
    )
    rows = [
        StationRow(station, station.in_post[0] if station.in_post else None)
        for station in stations.order_by("region__path", "name", "id")
    ]
    return sorted(rows, key=lambda row: row.worker is not None)


# --- work lists ---------------------------------------------------------------------------


def worklist_list(*, user):
    return scoped(
        WorkList.objects.select_related("worker", "worker__region", "worker__station"), user
    )


def scored(lists):
    """Each list with ``points`` = Σ weight × progress of its items (one SQL sum)."""
    return lists.annotate(points=Sum(F("items__weight") * F("items__progress")))


def worklist_detail(*, user, pk) -> WorkList:
    return get_scoped_or_404(
        WorkList.objects.select_related("worker", "worker__region"), user, pk=pk
    )


def worklist_items(work_list: WorkList):
    return work_list.items.prefetch_related("files")


def item_detail(*, user, work_list: WorkList, pk) -> WorkListItem:
    return get_scoped_or_404(WorkListItem.objects.all(), user, pk=pk, work_list=work_list)


def can_update_progress(user, work_list: WorkList) -> bool:
    if work_list.state != WorkListState.ISSUED:
        return False
    return keeps_workers(user) or own_workers(user).filter(pk=work_list.worker_id).exists()


def lists_to_issue(*, user, year: int | None = None):
    """Full-time workers in post with no list issued for the year (none, or a draft)."""
    year = year or timezone.localdate().year
    issued = WorkList.objects.filter(worker=OuterRef("pk"), year=year).exclude(
        state=WorkListState.DRAFT
    )
    return (
        worker_list(user=user)
        .filter(full_time=True, state=WorkerState.ACTIVE)
        .filter(~Exists(issued))
        .order_by("name", "id")
    )


def year_grades(lists) -> dict:
    """(worker id, year) → the grade's label, for the workers of ``lists``."""
    found = Assessment.objects.filter(
        worker_id__in=lists.values("worker_id"), year__in=lists.values("year")
    )
    return {(a.worker_id, a.year): a.get_grade_display() for a in found}


def worker_assessment(worker: PartyWorker, year: int) -> Assessment | None:
    return Assessment.objects.filter(worker=worker, year=year).first()


# --- instructors' yearly assessment ---------------------------------------------------------


def _periods_due(year: int, today: datetime.date) -> int:
    """Visit periods of the year begun by ``today`` (all of them for a past year)."""
    months = visit_months()
    if year < today.year:
        return 12 // months + (1 if 12 % months else 0)
    if year > today.year:
        return 0
    start, _end = period_of(today, months)
    return (start.month - 1) // months + 1


def instructor_year_rows(*, user, year: int, today: datetime.date | None = None) -> list[dict]:
    """The scope's instructors with their visit record of ``year`` beside their assessment:
    visits, periods with a visit against periods due, safety checks, hazards found and
    closed (SQL aggregates, one query each)."""
    today = today or timezone.localdate()
    instructors = list(selectors.instructor_list(user=user).order_by("name", "id"))
    ids = [i.pk for i in instructors]
    visits = Visit.objects.filter(instructor_id__in=ids, visited_on__year=year)
    counts = {
        row["instructor_id"]: row
        for row in visits.values("instructor_id").annotate(
            visits=Count("id"), checks=Count("id", filter=Q(safety_checked=True))
        )
    }
    months = visit_months()
    periods: dict[int, set] = {}
    for row in visits.annotate(month=ExtractMonth("visited_on")).values("instructor_id", "month"):
        periods.setdefault(row["instructor_id"], set()).add((row["month"] - 1) // months)
    hazards = {
        row["visit__instructor_id"]: row
        for row in Hazard.objects.filter(visit__in=visits)
        .values("visit__instructor_id")
        .annotate(found=Count("id"), closed=Count("id", filter=Q(rectified_on__isnull=False)))
    }
    assessed = {
        a.instructor_id: a
        for a in scoped(Assessment.objects.filter(instructor_id__in=ids, year=year), user)
    }
    due = _periods_due(year, today)
    return [_instructor_row(i, counts, periods, hazards, assessed, due) for i in instructors]


def _instructor_row(instructor: Instructor, counts, periods, hazards, assessed, due) -> dict:
    count = counts.get(instructor.pk, {})
    found = hazards.get(instructor.pk, {})
    return {
        "instructor": instructor,
        "visits": count.get("visits", 0),
        "safety_checks": count.get("checks", 0),
        "periods_visited": len(periods.get(instructor.pk, ())),
        "periods_due": due,
        "hazards_found": found.get("found", 0),
        "hazards_closed": found.get("closed", 0),
        "assessment": assessed.get(instructor.pk),
    }

"""Reads of the training pages (scoped): sessions, attendance, each person's year, the
coverage of "every party worker at least one training a year" and the 初任培训 lists.

A training counts for the year its first day (``starts_on``) falls in. A party worker
counts for a year when in post at some time in it: started on or before its last day and
not left before its first (``in_post_during``)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.regions.models import Region
from liangxin.rules.values import rule_value
from liangxin.workforce.models_people import (
    PartyWorker,
    Training,
    TrainingAttendance,
    TrainingKind,
    WorkerRole,
    WorkerState,
)
from liangxin.workforce.periods import add_months
from liangxin.workforce.rules_training import (
    INITIAL_LOOKBACK,
    INITIAL_MONTHS,
    MEMBER_HOURS,
    MIN_SESSIONS,
    SECRETARY_HOURS,
    SECRETARY_ROLES,
)

ZERO = Decimal("0")


# --- sessions --------------------------------------------------------------------------------


def training_list(*, user) -> QuerySet:
    return (
        scoped(Training.objects.select_related("region"), user)
        .annotate(people=Count("attendance"))
        .order_by("-starts_on", "-id")
    )


def training_detail(*, user, pk: int) -> Training:
    return get_scoped_or_404(Training.objects.select_related("region"), user, pk=pk)


def attendance_of(*, user, training: Training) -> QuerySet:
    return scoped(
        TrainingAttendance.objects.filter(training=training).select_related(
            "worker", "worker__organization", "worker__station", "worker__enterprise"
        ),
        user,
    ).order_by("worker__name", "id")


def eligible_workers(*, user) -> QuerySet:
    """The party workers in post the user may record attendance for."""
    return scoped(
        PartyWorker.objects.filter(state=WorkerState.ACTIVE).select_related(
            "organization", "station", "enterprise", "region"
        ),
        user,
    ).order_by("name", "id")


def unit_of(worker: PartyWorker) -> str:
    """The unit a worker is named by in lists and in an attendance sheet (所在单位)."""
    for unit in (worker.organization, worker.station, worker.enterprise):
        if unit is not None:
            return unit.name
    return worker.region.name if worker.region_id else ""


def unit_names(worker: PartyWorker) -> set[str]:
    """Every name the sheet's 所在单位 may give for the worker."""
    units = (worker.organization, worker.station, worker.enterprise, worker.region)
    return {unit.name for unit in units if unit is not None}


# --- the year --------------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def in_post_during(year: int, prefix: str = "") -> Q:
    first, last = year_bounds(year)
    return Q(**{f"{prefix}started_on__lte": last}) & (
        Q(**{f"{prefix}ended_on__isnull": True, f"{prefix}state": WorkerState.ACTIVE})
        | Q(**{f"{prefix}ended_on__gte": first})
    )


def min_sessions() -> int:
    return max(1, int(rule_value(MIN_SESSIONS)))


def hour_expectations() -> dict[str, int]:
    """{role: expected yearly hours}: 书记、专职副书记 the secretaries' figure, the others the
    members' (rules_training)."""
    secretary, member = int(rule_value(SECRETARY_HOURS)), int(rule_value(MEMBER_HOURS))
    return {role: secretary if role in SECRETARY_ROLES else member for role in WorkerRole.values}


def workers_of_year(*, user, year: int, region: Region | None = None) -> QuerySet:
    """The party workers in post during ``year`` (in ``region``'s subtree when given), each
    with the year's ``sessions`` and ``hours`` of training."""
    workers = scoped(PartyWorker.objects.filter(in_post_during(year)), user)
    if region is not None:
        workers = workers.filter(region__path__startswith=region.path)
    that_year = Q(attendance__training__starts_on__year=year)
    return (
        workers.select_related("organization", "station", "enterprise", "region")
        .annotate(
            sessions=Count("attendance", filter=that_year),
            hours=Coalesce(Sum("attendance__hours", filter=that_year), Value(ZERO)),
        )
        .order_by("region__path", "name", "id")
    )


def untrained(*, user, year: int, region: Region | None = None) -> QuerySet:
    """Those of ``workers_of_year`` below ``training.min_sessions_per_year`` sessions."""
    return workers_of_year(user=user, year=year, region=region).filter(sessions__lt=min_sessions())


@dataclass
class CoverageRow:
    region: Region | None  # None: the selected region's own workers, in no child of it
    label: str
    workers: int = 0
    trained: int = 0

    @property
    def share(self) -> float | None:
        return round(100 * self.trained / self.workers, 1) if self.workers else None


def coverage(*, user, year: int, region: Region) -> tuple[list[CoverageRow], CoverageRow]:
    """(one row per child of ``region`` — and one for those held at ``region`` itself —, the
    total): party workers in post during the year, those trained at least the rule's times."""
    needed = min_sessions()
    # By path, not get_children(): that trusts the node's cached numchild.
    children = list(
        Region.objects.filter(path__startswith=region.path, depth=region.depth + 1).order_by("path")
    )
    rows = [CoverageRow(child, child.name) for child in children]
    own = CoverageRow(None, f"{region.name}（本级）")
    total = CoverageRow(region, "合计")
    figures = workers_of_year(user=user, year=year, region=region).values_list(
        "region__path", "sessions"
    )
    for path, sessions in figures:
        row = next((r for r in rows if path.startswith(r.region.path)), own)
        for counted in (row, total):
            counted.workers += 1
            counted.trained += sessions >= needed
    return [*rows, *([own] if own.workers else [])], total


def coverage_regions(*, user) -> QuerySet:
    """The regions a coverage page may be asked for (no grids: they have no children)."""
    return scoped(Region.objects.exclude(kind="grid"), user).order_by("path")


def default_region(*, user) -> Region | None:
    regions = getattr(user, "regions", None)
    return regions.order_by("path").first() if regions is not None else None


def person_year(*, user, pk: int, year: int) -> tuple[PartyWorker, QuerySet]:
    worker = get_scoped_or_404(
        PartyWorker.objects.select_related("organization", "station", "enterprise", "region"),
        user,
        pk=pk,
    )
    attended = scoped(
        TrainingAttendance.objects.filter(worker=worker, training__starts_on__year=year)
        .select_related("training")
        .order_by("training__starts_on", "id"),
        user,
    )
    return worker, attended


# --- 初任培训 ----------------------------------------------------------------------------------


def initial_months() -> int:
    return max(1, int(rule_value(INITIAL_MONTHS)))


def initial_deadline(started_on: datetime.date, months: int | None = None) -> datetime.date:
    """The last day a new secretary may take 初任培训: ``started_on`` + N calendar months
    (periods.add_months, clamped to the month's end: 08-31 + 6 → 02-28). On that day the
    secretary is still on time; the day after, overdue (2026-06-04 + 6 → 2026-12-04: due
    on 12-04, overdue from 12-05)."""
    return add_months(started_on, months or initial_months())


def overdue_cutoff(today: datetime.date, months: int) -> datetime.date:
    """The earliest start date still on time ``today``: those started before it are overdue.
    ``initial_deadline`` grows with the start date, so the cutoff is one date."""
    cutoff = add_months(today, -months)
    while initial_deadline(cutoff, months) < today:
        cutoff += datetime.timedelta(days=1)
    while initial_deadline(cutoff - datetime.timedelta(days=1), months) >= today:
        cutoff -= datetime.timedelta(days=1)
    return cutoff


def _initial_attended() -> Exists:
    """An attendance at an 初任培训 that began on or after the secretary took office."""
    return Exists(
        TrainingAttendance.objects.filter(
            worker_id=OuterRef("pk"),
            training__kind=TrainingKind.INITIAL,
            training__starts_on__gte=OuterRef("started_on"),
        )
    )


def new_secretaries_untrained(*, user, today: datetime.date) -> QuerySet:
    """Secretaries in post who took office within ``training.initial_lookback_months``
    and have not attended an 初任培训 since."""
    lookback = int(rule_value(INITIAL_LOOKBACK))
    return (
        scoped(
            PartyWorker.objects.filter(
                role=WorkerRole.SECRETARY,
                state=WorkerState.ACTIVE,
                started_on__lte=today,
                started_on__gte=add_months(today, -lookback),
            ),
            user,
        )
        .exclude(_initial_attended())
        .select_related("organization", "region")
        .order_by("started_on", "name", "id")
    )


def initial_due(*, user, today: datetime.date) -> QuerySet:
    """Still inside the N months (the deadline is today or later)."""
    cutoff = overdue_cutoff(today, initial_months())
    return new_secretaries_untrained(user=user, today=today).filter(started_on__gte=cutoff)


def initial_overdue(*, user, today: datetime.date) -> QuerySet:
    """Past the N months without 初任培训."""
    cutoff = overdue_cutoff(today, initial_months())
    return new_secretaries_untrained(user=user, today=today).filter(started_on__lt=cutoff)

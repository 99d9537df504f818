"""Reads of 领办项目; every list passes the scoping function. A milestone's status is
computed from its dates against today (never stored), and a result's rank from all the
scores of its round (ties share a rank; the next rank skips, 1, 2, 2, 4)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, prefix_q, scoped, user_scope
from liangxin.ledprojects.models import (
    LeaderKind,
    LedProject,
    Milestone,
    MilestoneState,
    RaceKind,
    RaceResult,
    RaceRound,
)
from liangxin.ledprojects.scoping import with_ancestors
from liangxin.regions.models import Region

DONE = MilestoneState.DONE

STATUS_LABELS = {
    "on_time": "按期完成",
    "late": "逾期完成",
    "overdue": "已逾期",
    "pending": "未到期",
}


def region_choices(user) -> QuerySet:
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


def member_units(user) -> QuerySet:
    """The active 成员单位 a user may name as a project's leader: those of the regions in
    their scope and of the regions above it (a town's district units lead projects in it)."""
    unit = apps.get_model("duties", "MemberUnit")
    paths = with_ancestors(user_scope(user).region_paths)
    if not paths:
        return unit.objects.none()
    inside = prefix_q("region__path", user_scope(user).region_paths)
    return unit.objects.filter(Q(region__path__in=paths) | inside, active=True).order_by(
        "order", "pk"
    )


def projects(*, user, year: int | None = None) -> QuerySet:
    today = timezone.localdate()
    rows = scoped(
        LedProject.objects.select_related("lead_unit", "lead_region", "region"), user
    ).annotate(
        milestone_count=Count("milestones", distinct=True),
        done_count=Count("milestones", filter=Q(milestones__state=DONE), distinct=True),
        overdue_count=Count(
            "milestones",
            filter=Q(milestones__due_on__lt=today) & ~Q(milestones__state=DONE),
            distinct=True,
        ),
    )
    return rows if year is None else rows.filter(year=year)


def project(*, user, pk) -> LedProject:
    return get_scoped_or_404(
        LedProject.objects.select_related("lead_unit", "lead_region", "region"), user, pk=pk
    )


def milestone(*, user, pk) -> Milestone:
    return get_scoped_or_404(Milestone.objects.select_related("project"), user, pk=pk)


def race_round(*, user, pk) -> RaceRound:
    return get_scoped_or_404(RaceRound.objects.select_related("region"), user, pk=pk)


def result(*, user, pk) -> RaceResult:
    return get_scoped_or_404(RaceResult.objects.select_related("round", "project"), user, pk=pk)


def overdue_milestones() -> QuerySet:
    """Due before today and not done: the keepers' to-do (scoped by the to-do engine)."""
    return (
        Milestone.objects.filter(due_on__lt=timezone.localdate())
        .exclude(state=DONE)
        .select_related("project")
        .order_by("due_on", "pk")
    )


def milestone_status(m: Milestone, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if m.state == DONE and m.done_on is not None:
        return "on_time" if m.done_on <= m.due_on else "late"
    return "overdue" if m.due_on < today else "pending"


def competition_ranks(scores: list[Decimal]) -> list[int]:
    """The rank of each score, highest first; equal scores share a rank and the next
    rank skips as many places (standard competition ranking: 1, 2, 2, 4)."""
    ordered = sorted(scores, reverse=True)
    first_place = {}
    for place, score in enumerate(ordered, start=1):
        first_place.setdefault(score, place)
    return [first_place[score] for score in scores]


@dataclass
class RankedResult:
    result: RaceResult
    rank: int
    of: int  # how many projects the round scored (all of them, not only those in scope)


def ranked_results(race_round: RaceRound, *, user) -> list[RankedResult]:
    """The results of the round the user may see, each ranked among all the round's scores
    (a town sees its project's true place, not its place among its own projects)."""
    every = list(race_round.results.values_list("pk", "score"))
    ranks = dict(
        zip((pk for pk, _ in every), competition_ranks([s for _, s in every]), strict=True)
    )
    visible = scoped(
        race_round.results.select_related("project", "project__lead_unit", "project__lead_region"),
        user,
    )
    found = [RankedResult(r, ranks[r.pk], len(every)) for r in visible]
    return sorted(found, key=lambda x: (x.rank, x.result.project.title))


def rounds(*, user, year: int | None = None) -> QuerySet:
    rows = scoped(RaceRound.objects.select_related("region"), user).annotate(
        result_count=Count("results")
    )
    return rows if year is None else rows.filter(year=year)


def years_with_data(user) -> list[int]:
    this = timezone.localdate().year
    found = set(scoped(LedProject.objects.all(), user).values_list("year", flat=True))
    return sorted(found | {this}, reverse=True)


# --- statistics ---------------------------------------------------------------------------

PERCENT = Decimal("0.1")


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(PERCENT, rounding=ROUND_HALF_UP)


@dataclass
class Statistics:
    year: int
    project_count: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    due_count: int = 0  # milestones that have come due (due before today, or done)
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    arena: list[tuple[RaceRound, list[RankedResult]]] = field(default_factory=list)

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.due_count)


def statistics(*, user, year: int) -> Statistics:
    """The year's projects by leader kind, their milestones on time (按期完成 / those that
    have come due: done, or due before today) and the 擂台赛 results, in the user's scope."""
    today = timezone.localdate()
    found = Statistics(year=year)
    rows = scoped(LedProject.objects.filter(year=year), user)
    counts = dict(rows.values_list("leader_kind").annotate(n=Count("pk")).order_by())
    found.by_kind = [(label, counts.get(value, 0)) for value, label in LeaderKind.choices]
    found.project_count = sum(counts.values())
    milestones = scoped(Milestone.objects.filter(project__year=year), user)
    tally = milestones.aggregate(
        on_time=Count("pk", filter=Q(state=DONE, done_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(state=DONE, done_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(state=DONE)),
        pending=Count("pk", filter=Q(due_on__gte=today) & ~Q(state=DONE)),
    )
    found.on_time, found.late = tally["on_time"], tally["late"]
    found.overdue, found.pending = tally["overdue"], tally["pending"]
    found.due_count = found.on_time + found.late + found.overdue
    arena = scoped(RaceRound.objects.filter(year=year, kind=RaceKind.ARENA), user)
    found.arena = [(r, ranked_results(r, user=user)) for r in arena.order_by("held_on", "pk")]
    return found

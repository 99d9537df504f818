"""Reads of 责任落实, every one through core.scoping.scoped.

- ``missing``: for a year, the organizations in scope (those that hold a secretary: not a
  党小组, not dissolved) that lack a commitment, or one of its two audiences, or either of
  the two 述职 (双承诺双述职 [L:川姜]).
- ``unit_ranking``: the member units of a district by average completion of their tasks
  of a year as of a quarter (a task's completion is its latest reported quarter up to
  then, 0 before the first report) — what a 晾晒会 freezes.
- ``statistics``: per town, the 述职 grades and the commitments kept."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Least
from django.utils import timezone

from liangxin.core.scoping import scoped
from liangxin.duties import rules
from liangxin.duties.models import (
    Audience,
    Commitment,
    DutyReport,
    Grade,
    MemberUnit,
    Showcase,
    UnitReview,
    UnitTask,
    UnitTaskProgress,
)
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.rules.catalog import rule
from liangxin.rules.models import RuleSetting
from liangxin.rules.values import rule_value


def region_choices(user) -> QuerySet:
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


def commitments(*, user) -> QuerySet:
    return scoped(
        Commitment.objects.select_related("organization", "organization__region"), user
    ).order_by("-year", "organization__path")


def reports(*, user) -> QuerySet:
    return scoped(
        DutyReport.objects.select_related("organization", "organization__region"), user
    ).order_by("-year", "organization__path", "audience")


# --- who has not reported -----------------------------------------------------------------

MISSING_LABELS = {
    "no_commitment": "未作承诺",
    "no_town_commitment": "未向镇党委承诺",
    "no_members_commitment": "未向党员群众承诺",
    "no_superior_report": "未向上级党委述职",
    "no_members_report": "未向党员职工述职",
}


def reporting_organizations(*, user, on: datetime.date | None = None) -> QuerySet:
    """The organizations whose secretary promises and reports: not a 党小组 or a 党工委
    (PartyOrganization.covering), not dissolved."""
    return scoped(PartyOrganization.objects.covering(on), user).select_related("region")


def _annotated(organizations: QuerySet, year: int) -> QuerySet:
    promised = Commitment.objects.filter(organization=OuterRef("pk"), year=year)
    reported = DutyReport.objects.filter(organization=OuterRef("pk"), year=year)
    return organizations.annotate(
        has_commitment=Exists(promised),
        to_town=Exists(promised.filter(to_town_committee=True)),
        to_members=Exists(promised.filter(to_members=True)),
        superior_report=Exists(reported.filter(audience=Audience.SUPERIOR)),
        members_report=Exists(reported.filter(audience=Audience.MEMBERS)),
    )


def missing(*, user, year: int, region: Region | None = None) -> QuerySet:
    """Organizations in scope lacking any of the two promises or the two reports of
    ``year``; each row's ``missing_labels`` says what."""
    rows = reporting_organizations(user=user)
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
    return (
        _annotated(rows, year)
        .filter(
            Q(to_town=False)
            | Q(to_members=False)
            | Q(superior_report=False)
            | Q(members_report=False)
        )  # fmt: skip
        .order_by("region__path", "path")
    )


def missing_labels(org) -> list[str]:
    found = []
    if not org.has_commitment:
        found.append(MISSING_LABELS["no_commitment"])
    elif not org.to_town:
        found.append(MISSING_LABELS["no_town_commitment"])
    elif not org.to_members:
        found.append(MISSING_LABELS["no_members_commitment"])
    if not org.superior_report:
        found.append(MISSING_LABELS["no_superior_report"])
    if not org.members_report:
        found.append(MISSING_LABELS["no_members_report"])
    return found


def report_due_date(year: int) -> datetime.date:
    """The day by which the 述职 of ``year - 1`` are due (rule; a day past the month's end
    is the month's last day)."""
    month = min(max(int(rule_value(rules.DUE_MONTH)), 1), 12)
    day = max(int(rule_value(rules.DUE_DAY)), 1)
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            day -= 1


def _rule_in_sql(key: str):
    """A rule's value (the district's, else the default) as part of the query: the to-do
    costs one counting query, as core.home asks of every to-do."""
    stored = RuleSetting.objects.filter(key=key).values("value")[:1]
    return Coalesce(Cast(Subquery(stored), IntegerField()), Value(int(rule(key).default)))


def overdue_reports(user) -> QuerySet:
    """To-do: once the due day (rules) of this year has come, the organizations with no
    述职 (either audience) of last year. A due day past the month's end is its last day,
    as ``report_due_date``."""
    today = timezone.localdate()
    month_days = calendar.monthrange(today.year, today.month)[1]
    rows = _annotated(reporting_organizations(user=user), today.year - 1).alias(
        due_month=_rule_in_sql(rules.DUE_MONTH),
        due_day=Least(_rule_in_sql(rules.DUE_DAY), Value(month_days)),
    )
    return rows.filter(
        Q(due_month__lt=today.month) | Q(due_month=today.month, due_day__lte=today.day),
        Q(superior_report=False) | Q(members_report=False),
    ).order_by("path")


# --- member units ---------------------------------------------------------------------------


def units(*, user) -> QuerySet:
    return scoped(MemberUnit.objects.select_related("region"), user).order_by("order", "pk")


def tasks(*, user, year: int | None = None) -> QuerySet:
    rows = scoped(UnitTask.objects.select_related("unit"), user)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.prefetch_related("progress").order_by("unit__order", "unit_id", "pk")


def showcases(*, user) -> QuerySet:
    return scoped(Showcase.objects.select_related("region"), user).order_by("-year", "-quarter")


def reviews(*, user) -> QuerySet:
    return scoped(UnitReview.objects.select_related("unit"), user).order_by("-year", "unit__order")


def district_regions(user) -> QuerySet:
    return scoped(Region.objects.filter(kind="county"), user).order_by("path")


@dataclass
class Place:
    unit: MemberUnit
    tasks: int
    completion: Decimal
    rank: int = 0


def task_completion(progress: list[UnitTaskProgress], quarter: int) -> int:
    """The latest reported percent up to ``quarter`` (cumulative), 0 before any."""
    reached = [row for row in progress if row.quarter <= quarter]
    return max(reached, key=lambda row: row.quarter).percent if reached else 0


def unit_ranking(region: Region, year: int, quarter: int) -> list[Place]:
    """The active units of the district ranked by average completion (ties share a place:
    1, 1, 3); a unit without tasks of the year has 0."""
    places = []
    units_ = MemberUnit.objects.filter(region=region, active=True).order_by("order", "pk")
    task_rows = (
        UnitTask.objects.filter(unit__in=units_, year=year)
        .prefetch_related("progress")
        .order_by("pk")
    )
    by_unit: dict[int, list[int]] = {}
    for task in task_rows:
        by_unit.setdefault(task.unit_id, []).append(
            task_completion(list(task.progress.all()), quarter)
        )
    for unit in units_:
        values = by_unit.get(unit.pk, [])
        average = Decimal(sum(values)) / len(values) if values else Decimal(0)
        places.append(Place(unit, len(values), average.quantize(Decimal("0.1"), ROUND_HALF_UP)))
    places.sort(key=lambda p: -p.completion)  # stable: the units' order breaks no tie
    for index, place in enumerate(places):
        if index and place.completion == places[index - 1].completion:
            place.rank = places[index - 1].rank
        else:
            place.rank = index + 1
    return places


# --- statistics ---------------------------------------------------------------------------


@dataclass
class TownFigures:
    region: Region
    grades: dict[str, int]
    reports: int
    ungraded: int
    commitments: int
    kept: int

    @property
    def kept_share(self) -> str:
        return f"{self.kept * 100 / self.commitments:.1f}%" if self.commitments else "—"


def statistics(*, user, year: int) -> list[TownFigures]:
    """Per town (and park) in scope: the 述职 of the year by grade, the commitments and
    how many were kept (self-check filled)."""
    towns = scoped(Region.objects.filter(kind__in=("town", "park")), user).order_by("path")
    report_rows = reports(user=user).filter(year=year)
    commitment_rows = commitments(user=user).filter(year=year)
    figures = []
    for town in towns:
        in_town = {"organization__region__path__startswith": town.path}
        counted = dict(
            report_rows.filter(**in_town)
            .order_by()
            .values_list("grade")
            .annotate(n=Count("pk"))
            .values_list("grade", "n")
        )
        promised = commitment_rows.filter(**in_town).order_by()
        kept = promised.exclude(self_check="").filter(self_checked_on__isnull=False).count()
        figures.append(
            TownFigures(
                region=town,
                grades={grade: counted.get(grade, 0) for grade in Grade.values},
                reports=sum(counted.values()),
                ungraded=counted.get("", 0),
                commitments=promised.count(),
                kept=kept,
            )
        )
    return figures

"""Compliance of organization life by period, as SQL aggregates (WORK.md §1).

A meeting kind is owed once a period of its frequency (``life.*_months``: 3 → quarters,
1 → months, 12 → years). A period is owed by an organization that

- holds that kind of meeting: 支委会 where there is a committee (art. 12), 党小组会 by a
  党小组 (art. 13), the others by the branches (党支部, 联合/临时党支部, 党总支);
- existed on the period's first day (a branch founded in May owes nothing for May;
  WORK.md §1 "no 党员大会 owed in the quarter a branch was founded");
- was not dissolved by the period's last day;
- and whose period has ended by the day asked about (the current one is "in progress",
  reminded on the to-do list, not yet missing).

It is met by at least one meeting of that kind held (not planned, not cancelled) within
the period. Periods are numbered ``(year * 12 + month - 1) // months`` so that each
bound is one integer expression the database computes: the organizations' windows, the
meetings' periods and the counts are all in SQL, in one query per kind and region group.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    Greatest,
    Least,
    Substr,
)
from django.utils import timezone

from liangxin.life.models import Meeting, MeetingKind, MeetingStatus, Talk
from liangxin.life.rules import FREQUENCY_RULES
from liangxin.members.models import Member
from liangxin.organizations.models import OrgKind
from liangxin.regions.models import Region
from liangxin.rules.values import rule_value, rule_values

BRANCH_KINDS = (
    OrgKind.BRANCH,
    OrgKind.JOINT_BRANCH,
    OrgKind.TEMPORARY_BRANCH,
    OrgKind.GENERAL_BRANCH,
)
INT = IntegerField()
# 谈心谈话 is not a meeting but is owed like one: once a year by each branch, met when every
# member had at least one talk (《支部工作条例》 art. 19: 支委之间、支委和党员之间、党员之间
# 每年一般不少于1次; which pairs talked is on the talks page).
TALK = "talk"
TALK_MONTHS = 12
KINDS = (*MeetingKind.values, TALK)


def label(kind: str) -> str:
    return "谈心谈话" if kind == TALK else MeetingKind(kind).label


def owes(kind: str) -> Q:
    """The organizations that hold meetings of ``kind``."""
    if kind == MeetingKind.COMMITTEE:
        return Q(has_committee=True, kind__in=(*BRANCH_KINDS, OrgKind.COMMITTEE))
    if kind == MeetingKind.GROUP:
        return Q(kind=OrgKind.GROUP)
    return Q(kind__in=BRANCH_KINDS)  # the other meetings and 谈心谈话


def frequency_months(kind: str) -> int:
    return TALK_MONTHS if kind == TALK else rule_value(FREQUENCY_RULES[kind])


def frequencies() -> dict[str, int]:
    """Every kind's months per period, in one query (a page reads them all)."""
    values = rule_values()
    return {**{kind: values[key] for kind, key in FREQUENCY_RULES.items()}, TALK: TALK_MONTHS}


# --- period arithmetic, in Python and as SQL expressions -----------------------------


def period_of(day: datetime.date, months: int) -> int:
    return (day.year * 12 + day.month - 1) // months


def period_bounds(index: int, months: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of period ``index``."""
    first_month = index * months
    start = datetime.date(first_month // 12, first_month % 12 + 1, 1)
    after = (index + 1) * months
    end = datetime.date(after // 12, after % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


class MonthNumber(Func):
    """``year * 12 + month - 1`` of a date (of the day before it, with ``day_before``), in
    the database's own date functions. Django's Extract runs a Python function per row on
    SQLite, which made a compliance query a hundred times slower there; PostgreSQL's
    EXTRACT gives a numeric, cast so that dividing gives a whole period number."""

    output_field = IntegerField()

    def __init__(self, expression, *, day_before: bool = False):
        super().__init__(expression)
        self.day_before = day_before

    def as_sqlite(self, compiler, connection, **extra):
        if self.day_before:
            month = "CAST(strftime('%%%%{part}', %(expressions)s, '-1 day') AS INTEGER)"
            year, number = month.format(part="Y"), month.format(part="m")
        else:
            # Django stores a date as 'YYYY-MM-DD' text: cutting it is several times
            # cheaper than strftime, and this runs once per meeting.
            year = "CAST(substr(%(expressions)s, 1, 4) AS INTEGER)"
            number = "CAST(substr(%(expressions)s, 6, 2) AS INTEGER)"
        template = f"({year} * 12 + {number} - 1)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        day = "(%(expressions)s - 1)" if self.day_before else "%(expressions)s"
        template = (
            f"(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER) * 12"
            f" + CAST(EXTRACT(MONTH FROM {day}) AS INTEGER) - 1)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def period_expression(field: str, months: int, *, day_before: bool = False):
    """The period number of a date column (NULL stays NULL)."""
    return MonthNumber(F(field), day_before=day_before) / Value(months)


@dataclass(frozen=True)
class Window:
    """The periods of one year that have ended by ``on``, for one frequency."""

    year: int
    months: int
    on: datetime.date

    @property
    def first(self) -> int:
        return self.year * 12 // self.months

    @property
    def last(self) -> int:
        """The last period of the year that has ended by ``on`` (may be < first: none)."""
        year_last = ((self.year + 1) * 12) // self.months - 1
        return min(year_last, period_of(self.on, self.months) - 1)


def owed_bounds(prefix: str, window: Window, suffix: str = "") -> dict:
    """Annotations ``owed_first`` and ``owed_last`` (period numbers, each name followed by
    ``suffix``) of an organization reached through ``prefix`` ("" on PartyOrganization,
    "organization__" on Meeting)."""
    established, dissolved = f"{prefix}established_on", f"{prefix}dissolved_on"
    months = window.months
    # The period after the one holding the day before the founding: a branch founded on
    # a period's first day owes that period, one founded later the next.
    founded = Case(
        When(**{f"{established}__isnull": True}, then=Value(window.first)),
        default=period_expression(established, months, day_before=True) + Value(1),
        output_field=INT,
    )
    ended = Case(
        When(**{f"{dissolved}__isnull": True}, then=Value(window.last)),
        default=period_expression(dissolved, months) - Value(1),
        output_field=INT,
    )
    return {
        f"owed_first{suffix}": Greatest(founded, Value(window.first), output_field=INT),
        f"owed_last{suffix}": Least(ended, Value(window.last), output_field=INT),
    }


def _talks_met(window: Window, suffix: str = ""):
    """1 for an organization owing the year whose every member had a talk in it."""
    start, _ = period_bounds(window.first, window.months)
    end, _ = period_bounds(window.last + 1, window.months)
    talked = Talk.objects.filter(held_on__gte=start, held_on__lt=end).filter(
        Q(first=OuterRef("pk")) | Q(second=OuterRef("pk"))
    )
    silent = Member.objects.filter(organization=OuterRef("pk")).exclude(Exists(talked))
    return Case(
        When(
            Q(**{f"owed_last{suffix}__gte": F(f"owed_first{suffix}")}) & ~Exists(silent),
            then=Value(1),
        ),
        default=Value(0),
        output_field=INT,
    )


def _held_count(kind: str, window: Window, suffix: str = ""):
    """Per organization (OuterRef, annotated with its owed bounds): the owed periods met.

    An organization that existed through every ended period of the window owes exactly
    the window's dates, so its meetings are counted by date alone — one index range, no
    expression of the outer row per meeting. Only those founded or dissolved inside the
    window (a few) are counted against their own bounds."""
    start, _ = period_bounds(window.first, window.months)
    end, _ = period_bounds(window.last + 1, window.months)  # the period in progress
    meetings = Meeting.objects.filter(
        organization=OuterRef("pk"),
        kind=kind,
        status=MeetingStatus.HELD,
        held_on__gte=start,
        held_on__lt=end,
    ).annotate(period=period_expression("held_on", window.months))
    bounded = meetings.filter(
        period__gte=OuterRef(f"owed_first{suffix}"), period__lte=OuterRef(f"owed_last{suffix}")
    )
    whole_window = (Q(established_on__isnull=True) | Q(established_on__lte=start)) & (
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=end)
    )
    return Case(
        When(whole_window, then=_periods_met(meetings)),
        default=_periods_met(bounded),
        output_field=INT,
    )


def _periods_met(meetings: QuerySet):
    met = (
        meetings.order_by()
        .values("organization")
        .annotate(periods=Count("period", distinct=True))
        .values("periods")
    )
    return Coalesce(Subquery(met, output_field=INT), Value(0), output_field=INT)


def due_expression(suffix: str = ""):
    """The owed periods ended by the window's day, from the owed bounds annotated."""
    span = F(f"owed_last{suffix}") - F(f"owed_first{suffix}") + Value(1)
    return Greatest(span, Value(0), output_field=INT)


def held_expression(kind: str, window: Window, suffix: str = ""):
    """Of the owed periods, those met (the owed bounds annotated with ``suffix``)."""
    # Before a period of the year has ended nothing is owed yet (组织生活会 until the year
    # ends): no meeting needs reading.
    if window.last < window.first:
        return Value(0, output_field=INT)
    if kind == TALK:
        return _talks_met(window, suffix)
    return _held_count(kind, window, suffix)


def organizations_with_counts(organizations: QuerySet, kind: str, window: Window) -> QuerySet:
    """``organizations`` owing ``kind``, annotated ``due`` (owed periods ended by the
    window's day) and ``held`` (of them, met)."""
    return (
        organizations.filter(owes(kind))
        .annotate(**owed_bounds("", window))
        .annotate(due=due_expression(), held=held_expression(kind, window))
    )


# --- the figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class KindFigures:
    kind: str
    label: str
    months: int
    organizations: int = 0
    due: int = 0
    held: int = 0
    behind: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.held

    @property
    def rate(self) -> str:
        return f"{self.held / self.due:.1%}" if self.due else "—"


def window_for(kind: str, year: int, on: datetime.date | None = None, months=None) -> Window:
    on = on or timezone.localdate()
    return Window(year=year, months=months or frequency_months(kind), on=on)


def within(organizations: QuerySet, region: Region) -> QuerySet:
    """The organizations of ``region``'s subtree, as a list of region ids: the database then
    starts from the (region, kind) index instead of walking every organization by path."""
    regions = Region.objects.filter(path__startswith=region.path).values("id")
    return organizations.filter(region_id__in=regions)


def _group(prefix_length: int):
    """The region path cut at ``prefix_length``; everything in one group at 0."""
    if prefix_length == 0:
        return Value("", output_field=CharField())
    return Substr("region__path", 1, prefix_length)


def windows_for(year: int, on=None) -> dict[str, Window]:
    """Every kind's window for ``year`` as of ``on`` (frequencies read in one query)."""
    on = on or timezone.localdate()
    months = frequencies()
    return {kind: window_for(kind, year, on, months[kind]) for kind in KINDS}


def kind_annotations(windows: dict[str, Window]) -> tuple[dict, dict]:
    """(the owed bounds, one pair per frequency; ``due_<kind>`` and ``held_<kind>`` for
    every kind, NULL where the organization does not owe it) — every kind in one query,
    each kind's count evaluated only for the organizations that owe it."""
    bounds, counts = {}, {}
    for kind, window in windows.items():
        suffix = f"_{window.months}"
        bounds.update(owed_bounds("", window, suffix))
        counts[f"due_{kind}"] = _where_owed(kind, due_expression(suffix))
        counts[f"held_{kind}"] = _where_owed(kind, held_expression(kind, window, suffix))
    return bounds, counts


def _where_owed(kind: str, expression):
    return Case(When(owes(kind), then=expression), default=Value(None), output_field=INT)


def grouped_figures(
    organizations: QuerySet, windows: dict[str, Window], *, prefix_length: int
) -> dict[str, dict[str, KindFigures]]:
    """{region path cut at ``prefix_length``: {kind: figures}} for every kind, in one
    GROUP BY over the organizations' counts (a kind nobody in a group owes is left out).

    The counts are grouped from a derived table, composed here in SQL: grouped directly
    by the ORM, each correlated count is written twice (summed, and compared for the
    organizations behind), and SQLite ran it twice — a fifth slower on a county."""
    bounds, counts = kind_annotations(windows)
    per_organization = (
        organizations.order_by()
        .annotate(**bounds)
        .annotate(**counts)
        .annotate(group=_group(prefix_length))
        .values("group", *counts)
    )
    inner, params = per_organization.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = []
    for kind in windows:
        due, held = quote(f"due_{kind}"), quote(f"held_{kind}")
        columns += [
            f"COUNT({due})",
            f"SUM({due})",
            f"SUM({held})",
            f"SUM(CASE WHEN {held} < {due} THEN 1 ELSE 0 END)",
        ]
    group = quote("group")
    sql = f"SELECT {group}, {', '.join(columns)} FROM ({inner}) counted GROUP BY {group}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: _kind_figures(row[1:], windows) for row in rows}


def _kind_figures(numbers: tuple, windows: dict[str, Window]) -> dict[str, KindFigures]:
    """Four numbers a kind (organizations owing it, due, held, behind), in window order."""
    found = {}
    for index, (kind, window) in enumerate(windows.items()):
        # int(): PostgreSQL sums a bigint to a numeric, which reaches Python as a Decimal.
        owing, due, held, behind = (int(n or 0) for n in numbers[4 * index : 4 * index + 4])
        if owing:
            found[kind] = KindFigures(kind, label(kind), window.months, owing, due, held, behind)
    return found


def region_figures(
    organizations: QuerySet, region: Region, year: int, on=None
) -> list[KindFigures]:
    """The subtree of ``region``: per kind, organizations owing it, due, held, behind."""
    windows = windows_for(year, on)
    inside = within(organizations, region)
    groups = grouped_figures(inside, windows, prefix_length=len(region.path))
    found = groups.get(region.path, {})
    return [
        found.get(kind) or KindFigures(kind, label(kind), window.months)
        for kind, window in windows.items()
    ]


def total_figures(organizations: QuerySet, year: int, on=None) -> list[KindFigures]:
    """Every organization of ``organizations`` together (a whole province): per kind."""
    windows = windows_for(year, on)
    found = next(iter(grouped_figures(organizations, windows, prefix_length=0).values()), {})
    return [
        found.get(kind) or KindFigures(kind, label(kind), window.months)
        for kind, window in windows.items()
    ]


def children_figures(organizations: QuerySet, region: Region, year: int, on=None):
    """[(child region, {kind: figures})] for each child of ``region``: one query."""
    return subtree_figures(organizations, region, year, on)[1]


def subtree_figures(organizations: QuerySet, region: Region, year: int, on=None):
    """(the subtree's figures per kind, [(child region, {kind: figures})]) from one GROUP BY:
    grouped on the path cut at the children's depth, the region's own organizations form
    a group of their own, so the subtree is the sum of the groups."""
    children = list(Region.objects.get_children(Region.objects.get(pk=region.pk)))
    length = (region.depth + 1) * Region.steplen
    windows = windows_for(year, on)
    groups = grouped_figures(within(organizations, region), windows, prefix_length=length)
    totals = [
        summed(kind, window.months, [g[kind] for g in groups.values() if kind in g])
        for kind, window in windows.items()
    ]
    rows = [
        (child, {kind: groups.get(child.path, {}).get(kind) for kind in windows})
        for child in children
    ]
    return totals, rows


def summed(kind: str, months: int, groups) -> KindFigures:
    groups = list(groups)
    return KindFigures(
        kind,
        label(kind),
        months,
        sum(g.organizations for g in groups),
        sum(g.due for g in groups),
        sum(g.held for g in groups),
        sum(g.behind for g in groups),
    )


@dataclass(frozen=True)
class Shortfall:
    kind: str
    label: str
    due: int
    held: int
    missing_periods: list[str]


def period_name(index: int, months: int) -> str:
    start, _ = period_bounds(index, months)
    if months == 12:
        return f"{start.year}年"
    if months == 3:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if months == 1:
        return f"{start.year}年{start.month}月"
    _, end = period_bounds(index, months)
    return f"{start.year}年{start.month}–{end.month}月"


# --- the period in progress (the to-do list) -------------------------------------------


def due_soon_flags(on: datetime.date | None = None) -> dict:
    """Per kind, an Exists-ready filter: organizations owing the period in progress, not
    yet met, whose end is within ``life.reminder_days``."""
    on = on or timezone.localdate()
    days = rule_value("life.reminder_days")
    flags, every_months = {}, frequencies()
    for kind in KINDS:
        months = every_months[kind]
        start, end = period_bounds(period_of(on, months), months)
        if (end - on).days > days:
            continue
        held = Meeting.objects.filter(
            organization=OuterRef("pk"),
            kind=kind,
            status=MeetingStatus.HELD,
            held_on__gte=start,
            held_on__lte=end,
        )
        existed = Q(established_on__isnull=True) | Q(established_on__lte=start)
        alive = Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end)
        flags[kind] = (owes(kind) & existed & alive, ~Exists(held), end)
    return flags

"""A year of enterprise requests (诉求) for the province dataset, written in bulk.

Issue 18 asks for about 500,000 requests at the province's size so that ``make bench`` can
time the statistics against the per-request reference. Operating units raise requests at a
rate per year by their kind; each request walks the closed loop of WORK.md §5 (受理 → 派单 →
办理 → 办结 → 回访 → 结案, some returned, extended, answered directly or reopened) as far
as it got by the anchor date, with the due counted on the platform's working-day calendar
exactly as the services count it (deadlines.due_day, the urge and follow-up rules), so the
figures of ``selectors.statistics`` mean something.

Rows go in as tuples through ``TableWriter`` (COPY on PostgreSQL); the calendar is tabled
once per county, not walked per request. Deterministic: each county's draws come from a
generator seeded with its first enterprise's credit code. No workflow events are written
(a province has millions); the detail page of such a request shows its fields only.
"""

import datetime
import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liangxin.demo.scales import ANCHOR_DATE
from liangxin.demo.weights import Weighted
from liangxin.demo.writer import Progress, TableWriter, reset_sequences
from liangxin.regions.models import Region
from liangxin.requests import defaults
from liangxin.requests.demo import CONTENTS, DISTRICT_UNITS, TOWN_UNITS
from liangxin.requests.models import (
    Channel,
    DeadlineRule,
    Extension,
    ExtensionStatus,
    FollowUp,
    FollowUpMethod,
    HandlingUnit,
    Request,
    RequestCategory,
    Result,
    Satisfaction,
    SpanUnit,
    State,
    Urgency,
)
from liangxin.rules.values import rule_value
from liangxin.rules.workdays import Calendar

# Requests a year per operating unit, by kind, at the province scale (about 500,000 from
# 1,000,000 units, of which 86 % operate). Other scales keep the demo seeder's few walked
# requests (requests.demo) and get none of these.
RATES = {"enterprise": 1.1, "individual": 0.25, "social": 0.25, "law_firm": 0.2}
SCALE_FACTORS = {"province": 1.0}

LOCAL = ZoneInfo(settings.TIME_ZONE)
YEAR_START = datetime.date(ANCHOR_DATE.year, 1, 1)
# The states are as of the anchor's midnight: what had happened by then.
AS_OF = datetime.datetime.combine(ANCHOR_DATE, datetime.time(), LOCAL)
# The calendar table reaches back for 催办 days and forward for dues past the anchor.
TABLE_BEFORE, TABLE_AFTER = 40, 400

URGENCY = Weighted((Urgency.GENERAL, Urgency.URGENT, Urgency.COMPLEX), (0.8, 0.08, 0.12))
CHANNEL = Weighted(
    (Channel.HOTLINE, Channel.PLATFORM, Channel.WINDOW, Channel.GRID, Channel.SPECIALIST,
     Channel.LIAISON, Channel.SELF),
    (0.3, 0.25, 0.12, 0.13, 0.1, 0.04, 0.06),
)  # fmt: skip
CATEGORY_COUNT = Weighted((1, 2, 3, 4), (0.72, 0.19, 0.06, 0.03))
SATISFACTION = Weighted(
    (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED), (0.8, 0.15, 0.05)
)
FOLLOW_UP_METHOD = Weighted(FollowUpMethod.values, (0.7, 0.1, 0.15, 0.05))
SURNAMES = "张王李赵陈刘林黄吴郑蔡许"
FUNDS = tuple(Decimal(amount) for amount in ("2.00", "5.00", "10.00", "20.00", "50.00", "120.00"))

# Shares of the loop (a plausible 96871 year: nearly all closed, few returned or reopened).
RETURNED, STAYS_RETURNED = 0.03, 0.35
DIRECT = 0.12  # answered by the desk itself (政策咨询 mostly)
ON_TIME = 0.9
EXTENDED = 0.05
UNABLE = 0.03
REOPEN_WHEN_DISSATISFIED = 0.6
WITH_FUNDS = 0.08


class WorkdayTable:
    """The platform's calendar (rules.workdays.Calendar: the published table with the
    district's corrections) as arrays over day offsets, so a span is an index lookup."""

    def __init__(self, first: datetime.date, days: int, calendar: Calendar | None = None):
        calendar = calendar or Calendar()
        self.first = first
        self.is_work = [calendar.is_workday(first + datetime.timedelta(n)) for n in range(days)]
        self.workdays = [n for n, work in enumerate(self.is_work) if work]
        self.count, running = [], 0  # working days up to and including each offset
        for work in self.is_work:
            running += work
            self.count.append(running)

    def offset(self, day: datetime.date) -> int:
        return (day - self.first).days

    def date(self, offset: int) -> datetime.date:
        return self.first + datetime.timedelta(offset)

    def add(self, offset: int, days: int) -> int:
        """Calendar.add: the working day ``days`` working days after ``offset``."""
        return self.workdays[self.count[offset] + days - 1] if days else offset

    def first_workday(self, offset: int) -> int:
        return offset if self.is_work[offset] else self.workdays[self.count[offset]]

    def due_day(self, offset: int, span: int, paused: int = 0) -> int:
        """deadlines.due_day."""
        if span == 0:
            return self.add(self.first_workday(offset), paused)
        return self.add(offset, span + paused)

    def between(self, start: int, end: int) -> int:
        """deadlines.workdays_between: working days d with start < d <= end."""
        return self.count[end] - self.count[start] if end > start else 0

    def before(self, offset: int, days: int) -> int:
        """deadlines.urge_day: the ``days``-th working day before ``offset``."""
        return self.workdays[self.count[offset - 1] - days] if days else offset


@dataclass
class Vocabulary:
    """What the loop reads from the database: categories, rules, units by town and county."""

    category_ids: list[int]
    rules: dict  # (urgency, category id or None) → (span, unit, source)
    town_units: dict[str, list[int]]
    county_units: dict[str, list[int]]
    urge_workdays: int
    follow_up_workdays: int

    def rule_for(self, urgency: str, category_ids) -> tuple:
        """deadlines.rule_for: a category's own row (hours first, then the shortest)."""
        own = [self.rules[(urgency, c)] for c in category_ids if (urgency, c) in self.rules]
        if own:
            return min(own, key=lambda rule: (rule[1] != SpanUnit.HOURS, rule[0]))
        return self.rules[(urgency, None)]


@dataclass
class Row:
    """One request as the services would have left it at the anchor."""

    id: int
    enterprise_id: int
    received_at: datetime.datetime
    urgency: str
    category_ids: list[int]
    values: dict = field(default_factory=dict)
    follow_ups: list[tuple] = field(default_factory=list)
    extension: tuple | None = None


REQUEST_COLUMNS = [
    "id", "number", "enterprise_id", "submitter_name", "submitter_phone", "channel", "urgency",
    "content", "lead_unit_id", "state", "received_at", "accepted_at", "span", "span_unit",
    "span_source", "paused_workdays", "paused_seconds", "due_at", "urge_on", "extended",
    "finished_at", "workdays_taken", "answered_directly", "result", "result_reason",
    "public_answer", "funds", "follow_up_due", "satisfaction", "reopen_count", "closed_at",
    "created_by_id", "created_at", "updated_at",
]  # fmt: skip
INITIAL = {
    "lead_unit_id": None,
    "state": State.RECEIVED,
    "accepted_at": None,
    "span": None,
    "span_unit": "",
    "span_source": "",
    "paused_workdays": 0,
    "paused_seconds": 0,
    "due_at": None,
    "urge_on": None,
    "extended": False,
    "finished_at": None,
    "workdays_taken": None,
    "answered_directly": False,
    "result": "",
    "result_reason": "",
    "public_answer": "",
    "funds": None,
    "follow_up_due": None,
    "satisfaction": "",
    "reopen_count": 0,
    "closed_at": None,
}
FOLLOW_UP_COLUMNS = ["request_id", "on", "method", "satisfaction", "note", "reopened"]
EXTENSION_COLUMNS = [
    "request_id", "reason", "old_due_at", "new_due_at", "asked_at", "status", "decided_at",
    "decision_note",
]  # fmt: skip


def scale_factor(scale_name: str) -> float:
    return SCALE_FACTORS.get(scale_name, 0.0)


def vocabulary(region_ids: Iterable[int]) -> Vocabulary:
    """The categories and rules (the migration's defaults written back when a flushed
    database lost them) and the handling units of the towns and counties of ``region_ids``
    (the demo seeder's names, so it finds them)."""
    defaults.seed(RequestCategory, DeadlineRule)
    rules = {
        (rule.urgency, rule.category_id): (rule.span, rule.unit, rule.source)
        for rule in DeadlineRule.objects.all()
    }
    step = Region.steplen
    paths = set(Region.objects.filter(id__in=set(region_ids)).values_list("path", flat=True))
    towns = Region.objects.filter(path__in={p[: 2 * step] for p in paths if len(p) >= 2 * step})
    counties = Region.objects.filter(path__in={p[:step] for p in paths})
    wanted = [HandlingUnit(name=f"{t.name}{n}", region=t) for t in towns for n in TOWN_UNITS]
    wanted += [HandlingUnit(name=n, region=c) for c in counties for n in DISTRICT_UNITS]
    HandlingUnit.objects.bulk_create(wanted, ignore_conflicts=True)
    town_units, county_units = {}, {}
    names = {*(u.name for u in wanted)}
    units = HandlingUnit.objects.filter(region__in=[*towns, *counties], name__in=names)
    for unit_id, path in units.order_by("pk").values_list("pk", "region__path"):
        target = town_units if len(path) == 2 * step else county_units
        target.setdefault(path, []).append(unit_id)
    return Vocabulary(
        category_ids=list(RequestCategory.objects.filter(active=True).values_list("pk", flat=True)),
        rules=rules,
        town_units=town_units,
        county_units=county_units,
        urge_workdays=rule_value("requests.urge_workdays"),
        follow_up_workdays=rule_value("requests.follow_up_workdays"),
    )


def local(table: WorkdayTable, offset: int, minutes: float) -> datetime.datetime:
    day = table.date(offset)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=LOCAL) + datetime.timedelta(
        minutes=minutes
    )


def end_of_day(table: WorkdayTable, offset: int) -> datetime.datetime:
    return local(table, offset, 0) + datetime.timedelta(hours=23, minutes=59, seconds=59)


def day_of(table: WorkdayTable, moment: datetime.datetime) -> int:
    return table.offset(moment.astimezone(LOCAL).date())


class Loop:
    """Walks one request through the services' steps until the anchor stops it."""

    def __init__(self, rng: random.Random, table: WorkdayTable, words: Vocabulary):
        self.rng, self.table, self.words = rng, table, words

    def walk(self, row: Row, unit_ids: list[int]) -> None:
        rng, v = self.rng, row.values
        v.update(INITIAL)
        received = row.received_at
        accepted = received + datetime.timedelta(minutes=rng.uniform(10, 240))
        if rng.random() < RETURNED:
            returned_at = received + datetime.timedelta(minutes=rng.uniform(20, 120))
            if returned_at >= AS_OF or rng.random() < STAYS_RETURNED:
                v["state"] = State.RETURNED if returned_at < AS_OF else State.RECEIVED
                return
            back = self.table.add(day_of(self.table, returned_at), rng.randint(1, 3))
            resubmitted = local(self.table, back, rng.uniform(540, 1020))
            v["paused_workdays"] = self.table.between(day_of(self.table, returned_at), back)
            v["paused_seconds"] = int((resubmitted - returned_at).total_seconds())
            accepted = resubmitted + datetime.timedelta(minutes=rng.uniform(10, 120))
        if accepted >= AS_OF:
            return
        span, unit, source = self.words.rule_for(row.urgency, row.category_ids)
        v.update(
            state=State.ACCEPTED,
            accepted_at=accepted,
            span=span,
            span_unit=unit,
            span_source=source,
        )
        self.set_due(v, self.first_due(row))
        if rng.random() < DIRECT and row.urgency != Urgency.COMPLEX:
            finished = accepted + datetime.timedelta(minutes=rng.uniform(20, 120))
            if finished < AS_OF:
                self.finish(row, finished, answered_directly=True)
                self.after_finish(row, finished)
            return
        self.handle(row, accepted, unit_ids)

    def first_due(self, row: Row) -> datetime.datetime:
        """deadlines.due_at: from reception, the paused working days (or time) added."""
        v = row.values
        if v["span_unit"] == SpanUnit.HOURS:
            pause = datetime.timedelta(seconds=v["paused_seconds"])
            return row.received_at + datetime.timedelta(hours=v["span"]) + pause
        start = day_of(self.table, row.received_at)
        return end_of_day(self.table, self.table.due_day(start, v["span"], v["paused_workdays"]))

    def set_due(self, v: dict, due: datetime.datetime) -> None:
        v["due_at"] = due
        urge = self.table.before(day_of(self.table, due), self.words.urge_workdays)
        v["urge_on"] = self.table.date(urge)

    def handle(self, row: Row, since: datetime.datetime, unit_ids: list[int]) -> None:
        """派单 → 签收办理 → (延期) → 办结 or still running at the anchor."""
        rng, v = self.rng, row.values
        assigned = since + datetime.timedelta(minutes=rng.uniform(10, 180))
        if assigned >= AS_OF:
            return
        v.update(state=State.ASSIGNED, lead_unit_id=rng.choice(unit_ids))
        started = assigned + datetime.timedelta(minutes=rng.uniform(10, 600))
        if started >= AS_OF:
            return
        v["state"] = State.HANDLING
        self.maybe_extend(row, started)
        finished = max(self.finish_time(row, started), started + datetime.timedelta(minutes=30))
        if finished >= AS_OF:
            return
        if rng.random() < UNABLE:
            self.finish(row, finished, result=Result.UNSOLVED, state=State.UNRESOLVABLE)
        else:
            self.finish(row, finished)
        self.after_finish(row, finished)

    def maybe_extend(self, row: Row, started: datetime.datetime) -> None:
        """延期: asked the working day before the due, approved within hours, once, no
        longer than the first span (deadlines.longest_extension)."""
        rng, v, table = self.rng, row.values, self.table
        if v["span_unit"] != SpanUnit.WORKDAYS or v["reopen_count"] or rng.random() >= EXTENDED:
            return
        old_due = v["due_at"]
        asked = local(table, table.before(day_of(table, old_due), 1), rng.uniform(540, 960))
        asked = max(asked, started + datetime.timedelta(minutes=5))
        decided = asked + datetime.timedelta(minutes=rng.uniform(30, 300))
        if decided >= min(old_due, AS_OF):
            return
        new_due = end_of_day(table, table.add(day_of(table, old_due), max(v["span"], 1)))
        row.extension = (
            row.id, "需协调多个部门，申请延期", old_due, new_due, asked, ExtensionStatus.APPROVED,
            decided, "同意",
        )  # fmt: skip
        v["extended"] = True
        self.set_due(v, new_due)

    def finish_time(self, row: Row, started: datetime.datetime) -> datetime.datetime:
        """On time mostly: a working day up to the due; else one to six working days late."""
        rng, v, table = self.rng, row.values, self.table
        due = v["due_at"]
        if v["span_unit"] == SpanUnit.HOURS:
            if rng.random() < ON_TIME:
                return started + (due - started) * rng.uniform(0.1, 0.95)
            return due + datetime.timedelta(hours=rng.uniform(1, 72))
        first, last = day_of(table, started), day_of(table, due)
        low, high = table.count[first - 1], table.count[last] - 1  # the working days between
        if rng.random() < ON_TIME and low <= high:
            day = table.workdays[rng.randint(low, high)]
        else:
            day = table.add(last, rng.randint(1, 6))
        moment = local(table, day, rng.uniform(540, 1080))
        return min(moment, due) if day == last else moment

    def finish(self, row: Row, at: datetime.datetime, **fields) -> None:
        """services._finish: the working days taken count from reception, less the pause."""
        rng, v, table = self.rng, row.values, self.table
        day = day_of(table, at)
        taken = table.between(day_of(table, row.received_at), day)
        solved = Result.SOLVED if rng.random() < 0.92 else Result.PARTLY
        result = fields.pop("result", solved)
        v.update(
            state=fields.pop("state", State.RESOLVED),
            finished_at=at,
            result=result,
            result_reason="" if result == Result.SOLVED else "部分事项需上级部门协调",
            public_answer="已协调解决，详见答复。" if result == Result.SOLVED else "已答复企业。",
            funds=rng.choice(FUNDS) if rng.random() < WITH_FUNDS else None,
            workdays_taken=max(taken - v["paused_workdays"], 0),
            follow_up_due=table.date(table.add(day, self.words.follow_up_workdays)),
            **fields,
        )

    def after_finish(self, row: Row, finished: datetime.datetime) -> None:
        """答复企业 → 回访 on its due day (or a few working days later) → 结案, or 重办."""
        rng, v, table = self.rng, row.values, self.table
        replied = finished + datetime.timedelta(minutes=rng.uniform(10, 120))
        if replied >= AS_OF:
            return
        v["state"] = State.FOLLOW_UP
        day = table.offset(v["follow_up_due"])
        if rng.random() < 0.2:
            day = table.add(day, rng.randint(1, 3))
        visited = max(local(table, day, rng.uniform(540, 1020)), replied)
        if visited >= AS_OF:
            return
        satisfaction = SATISFACTION.pick(rng)
        reopen = (
            satisfaction == Satisfaction.DISSATISFIED
            and v["reopen_count"] == 0
            and rng.random() < REOPEN_WHEN_DISSATISFIED
        )
        note = "问题未彻底解决" if satisfaction == Satisfaction.DISSATISFIED else ""
        method = FOLLOW_UP_METHOD.pick(rng)
        row.follow_ups.append(
            (row.id, table.date(day_of(table, visited)), method, satisfaction, note, reopen)
        )
        v["satisfaction"] = satisfaction
        if not reopen:
            v.update(state=State.CLOSED, closed_at=visited)
            return
        self.reopen(row, visited)

    def reopen(self, row: Row, at: datetime.datetime) -> None:
        """services._reopen: back to 办理中 with the span again from the follow-up's day."""
        v, table = row.values, self.table
        v.update(
            state=State.HANDLING,
            reopen_count=v["reopen_count"] + 1,
            finished_at=None,
            workdays_taken=None,
            follow_up_due=None,
            result="",
            result_reason="",
        )
        if v["span_unit"] == SpanUnit.HOURS:
            self.set_due(v, at + datetime.timedelta(hours=v["span"]))
        else:
            self.set_due(v, end_of_day(table, table.due_day(day_of(table, at), v["span"])))
        finished = max(self.finish_time(row, at), at + datetime.timedelta(minutes=30))
        if finished < AS_OF:
            self.finish(row, finished)
            self.after_finish(row, finished)


def received_moment(rng: random.Random, table: WorkdayTable, days: int) -> datetime.datetime:
    """A moment of the anchor's year before the anchor, mostly a working day's hours."""
    day = table.offset(YEAR_START) + rng.randrange(days)
    if not table.is_work[day] and rng.random() < 0.8:
        day = table.first_workday(day)
    moment = local(table, day, rng.uniform(510, 1050))
    return moment if moment < AS_OF else local(table, table.offset(ANCHOR_DATE) - 1, 600)


def poisson(rng: random.Random, rate: float) -> int:
    """Knuth's draw (rates are small)."""
    limit, count, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def generate(enterprises: list, start_id: int, factor: float, words: Vocabulary) -> list[Row]:
    """The requests of ``enterprises`` (records or models: id, region_id, category, status,
    uscc), numbered from ``start_id``."""
    if not enterprises or factor <= 0:
        return []
    rng = random.Random(f"requests:{enterprises[0].uscc}")
    table = WorkdayTable(YEAR_START - datetime.timedelta(TABLE_BEFORE), TABLE_BEFORE + TABLE_AFTER)
    days = (ANCHOR_DATE - YEAR_START).days
    paths = dict(
        Region.objects.filter(id__in={e.region_id for e in enterprises}).values_list("id", "path")
    )
    loop, rows, next_id = Loop(rng, table, words), [], start_id
    step = Region.steplen
    for enterprise in enterprises:
        if enterprise.status != "operating":
            continue
        count = poisson(rng, RATES.get(enterprise.category, 0.2) * factor)
        if not count:
            continue
        path = paths[enterprise.region_id]
        units = words.town_units.get(path[: 2 * step], []) + words.county_units.get(path[:step], [])
        for _ in range(count):
            row = Row(
                id=next_id,
                enterprise_id=enterprise.id,
                received_at=received_moment(rng, table, days),
                urgency=URGENCY.pick(rng),
                category_ids=rng.sample(words.category_ids, CATEGORY_COUNT.pick(rng)),
            )
            row.values["submitter_name"] = rng.choice(SURNAMES) + "经理"
            row.values["channel"] = CHANNEL.pick(rng)
            row.values["content"] = rng.choice(CONTENTS)
            loop.walk(row, units or [None])
            rows.append(row)
            next_id += 1
    return rows


def request_tables(rows: list[Row], now: datetime.datetime) -> Iterator[tuple]:
    def request_row(row: Row) -> tuple:
        v = row.values
        v.update(
            id=row.id,
            number=f"SQ{row.received_at.astimezone(LOCAL):%Y%m%d}{row.id:07d}",
            enterprise_id=row.enterprise_id,
            submitter_phone="",
            urgency=row.urgency,
            received_at=row.received_at,
            created_by_id=None,
            created_at=now,
            updated_at=now,
        )
        return tuple(v[name] for name in REQUEST_COLUMNS)

    yield Request, REQUEST_COLUMNS, (request_row(row) for row in rows)
    through = Request.categories.through
    pairs = ((row.id, c) for row in rows for c in row.category_ids)
    yield through, ["request_id", "requestcategory_id"], pairs
    follow_ups = (f for row in rows for f in row.follow_ups)
    yield FollowUp, FOLLOW_UP_COLUMNS, follow_ups
    yield Extension, EXTENSION_COLUMNS, (row.extension for row in rows if row.extension)


def next_request_id() -> int:
    last = Request.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def write_requests(enterprises: list, factor: float, progress: Progress) -> int:
    """Generate and write the requests of ``enterprises`` (one county); returns how many."""
    if factor <= 0 or not enterprises:
        return 0
    words = vocabulary(e.region_id for e in enterprises)
    rows = generate(enterprises, next_request_id(), factor, words)
    for model, columns, table_rows in request_tables(rows, timezone.now()):
        TableWriter(model, columns, progress).write(table_rows)
    reset_sequences([Request])  # explicit ids: the services' next request follows them
    return len(rows)

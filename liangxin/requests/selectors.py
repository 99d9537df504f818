"""Reads of the request loop; every list passes the scoping function. The statistics are
GROUP BY aggregates over the scoped requests (ARCHITECTURE.md example 3), never a loop."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.regions.models import Region
from liangxin.requests import deadlines
from liangxin.requests.models import (
    RUNNING_STATES,
    HandlingUnit,
    Request,
    RequestCategory,
    Satisfaction,
    State,
)


def request_list(*, user) -> QuerySet:
    return scoped(
        Request.objects.select_related("enterprise", "enterprise__region", "lead_unit"), user
    )


def request_detail(*, user, pk: int) -> Request:
    return get_scoped_or_404(
        Request.objects.select_related("enterprise", "lead_unit", "created_by"), user, pk=pk
    )


def in_region(region: Region) -> Q:
    """The requests of the enterprises under ``region``. As the ids of its subtree's regions
    (a small table): the databases then go region → enterprise → request by their indexes
    instead of reading every request to test its enterprise's path (SQLite cannot use an
    index for a path prefix: its LIKE ignores case)."""
    return Q(enterprise__region__in=Region.objects.filter(path__startswith=region.path))


def overdue_q(now=None) -> Q:
    return Q(state__in=RUNNING_STATES, due_at__lt=now or timezone.now())


def running() -> QuerySet:
    return Request.objects.filter(state__in=RUNNING_STATES).select_related("enterprise")


def overdue(now=None) -> QuerySet:
    """督办: still owed by the unit, past the due (not scoped: the to-do engine scopes)."""
    return running().filter(overdue_q(now)).order_by("due_at")


def due_soon(today: datetime.date | None = None) -> QuerySet:
    """催办: still owed, not yet overdue, from the working day(s) before the due on."""
    today = today or timezone.localdate()
    return running().filter(urge_on__lte=today, due_at__gte=timezone.now()).order_by("due_at")


def follow_ups_due(today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return (
        Request.objects.filter(state=State.FOLLOW_UP, follow_up_due__lte=today)
        .select_related("enterprise")
        .order_by("follow_up_due")
    )


def returned() -> QuerySet:
    return Request.objects.filter(state=State.RETURNED).select_related("enterprise")


# --- statistics ----------------------------------------------------------------------


MEASURES = {
    "received": "接收",
    "accepted": "已受理",
    "closed": "已办结",
    "on_time": "按时办结",
    "on_time_rate": "按时办结率",
    "direct": "直接答复",
    "direct_rate": "直接答复率",
    "avg_days": "平均办理工作日",
    "extended": "延期",
    "overdue": "逾期未办结",
    "rated": "已回访",
    "satisfaction_rate": "满意率（满意+基本满意）",
    "satisfied_rate": "满意率（仅满意）",
    "reopened": "重办",
    "reopen_rate": "重办率",
    "funds": "兑现资金（万元）",
}


def _aggregates(now) -> dict:
    finished = Q(finished_at__isnull=False)
    return {
        "received": Count("pk"),
        "accepted": Count("pk", filter=Q(accepted_at__isnull=False)),
        "closed": Count("pk", filter=finished),
        "on_time": Count("pk", filter=finished & Q(finished_at__lte=F("due_at"))),
        "direct": Count("pk", filter=Q(answered_directly=True)),
        # The average as sum ÷ count (the reference's own arithmetic), so a total can add
        # up its rows' parts.
        "days_total": Sum("workdays_taken"),
        "days_counted": Count("workdays_taken"),
        "extended": Count("pk", filter=Q(extended=True)),
        "overdue": Count("pk", filter=overdue_q(now)),
        "rated": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count("pk", filter=Q(satisfaction=Satisfaction.SATISFIED)),
        "basically": Count("pk", filter=Q(satisfaction=Satisfaction.BASICALLY)),
        "reopened": Count("pk", filter=Q(reopen_count__gt=0)),
        "funds": Sum("funds"),
    }


# What a total adds up from the rows of a dimension that splits the requests (all but the
# category: a request may have several).
ADDITIVE = (
    "received", "accepted", "closed", "on_time", "direct", "days_total", "days_counted",
    "extended", "overdue", "rated", "satisfied", "basically", "reopened",
)  # fmt: skip


def _average(row: dict) -> dict:
    total, counted = row.pop("days_total"), row.pop("days_counted")
    row["avg_days"] = (total or 0) / counted if counted else None
    return row


def _sum_rows(rows: list[dict]) -> dict:
    total = {name: sum(row[name] or 0 for row in rows) for name in ADDITIVE}
    funds = [row["funds"] for row in rows if row["funds"] is not None]
    total["funds"] = sum(funds) if funds else None
    return total


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def finish_row(row: dict) -> dict:
    row["on_time_rate"] = _share(row["on_time"], row["closed"])
    # 直接答复率: of the accepted requests, those the desk answered itself (no unit).
    row["direct_rate"] = _share(row["direct"], row["accepted"])
    row["satisfaction_rate"] = _share(row["satisfied"] + row["basically"], row["rated"])
    row["satisfied_rate"] = _share(row["satisfied"], row["rated"])
    row["reopen_rate"] = _share(row["reopened"], row["rated"])
    row["avg_days"] = round(row["avg_days"], 1) if row["avg_days"] is not None else None
    return row


@dataclass
class Statistics:
    dimension: str
    rows: list[dict]
    total: dict


DIMENSIONS = {"region": "区域", "unit": "牵头单位", "category": "类别", "month": "月份"}


def statistics(
    *, user, year: int, dimension: str, region: Region | None = None, now=None
) -> Statistics:
    """The figures of the requests received in ``year`` (in the user's scope, under
    ``region`` when given), by the children of ``region``, lead unit, category or month:
    one GROUP BY query; the total adds its rows up, or (by category, where a request counts
    under each of its categories) is one more query."""
    now = now or timezone.now()
    requests = request_list(user=user).filter(
        received_at__gte=deadlines.start_of_day(datetime.date(year, 1, 1)),
        received_at__lt=deadlines.start_of_day(datetime.date(year + 1, 1, 1)),
    )
    if region is not None:
        requests = requests.filter(in_region(region))
    aggregates = _aggregates(now)
    key, names, codes = _grouping(dimension, region, year)
    grouped = list(requests.order_by().annotate(key=key).values("key").annotate(**aggregates))
    if dimension == "category":
        total = requests.order_by().aggregate(**aggregates)
    else:
        total = _sum_rows(grouped)
    total = finish_row(_average(total))
    rows = [
        finish_row(_average({**row, "label": names(row["key"]), "code": codes(row["key"])}))
        for row in grouped
    ]
    rows.sort(key=lambda row: (row["label"] is None, str(row["key"] or "")))
    if dimension == "month":  # 1 月 … 12 月, not 1, 10, 11, 12, 2 as text
        rows.sort(key=lambda row: row["key"])
    if dimension == "unit":  # units ranked: on-time rate, then the number closed
        rows.sort(key=lambda row: (-(row["on_time_rate"] or -1), -row["closed"]))
    return Statistics(dimension=dimension, rows=rows, total=total)


def _no_code(key) -> str:
    return ""


def _month_key(year: int) -> Case:
    """The local month of reception by comparing the stored moment with the months' first
    instants (an index-free comparison, where extracting the month converts every row's
    time zone; SQLite does that in Python)."""
    starts = [deadlines.start_of_day(datetime.date(year, month, 1)) for month in range(2, 13)]
    whens = [
        When(received_at__lt=start, then=Value(month)) for month, start in enumerate(starts, 1)
    ]
    return Case(*whens, default=Value(12), output_field=IntegerField())


def _grouping(dimension: str, region: Region | None, year: int):
    if dimension == "unit":
        units = dict(HandlingUnit.objects.values_list("pk", "name"))
        return F("lead_unit_id"), lambda key: units.get(key, "未派单"), _no_code
    if dimension == "category":
        categories = {c.pk: str(c) for c in RequestCategory.objects.select_related("parent")}
        return F("categories__pk"), lambda key: categories.get(key, "未分类"), _no_code
    if dimension == "month":
        return _month_key(year), lambda key: f"{key} 月", _no_code
    length = len(region.path) + Region.steplen if region else Region.steplen
    children = {
        child.path: child
        for child in Region.objects.filter(
            path__startswith=region.path if region else "", depth=length // Region.steplen
        )
    }

    def name(key):
        child = children.get(key)
        return child.name if child else "本级"

    return (
        Substr("enterprise__region__path", 1, length),
        name,
        lambda key: children[key].code if key in children else "",
    )


def top_region(user) -> Region | None:
    """The highest region of the user's scope (the statistics' default parent)."""
    return scoped(Region.objects.all(), user).order_by("depth", "path").first()


def region_choices(user) -> QuerySet:
    """The towns and parks (and the district) a list's region filter offers."""
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


def units_near(user) -> Q:
    """The units of the user's regions, below them and above them (a town sends to its own
    offices and to the district's bureaus, not to another town's)."""
    paths = scoped(Region.objects.all(), user).values_list("path", flat=True)
    near = Q(pk__in=[])
    for path in paths:
        above = [path[:end] for end in range(Region.steplen, len(path), Region.steplen)]
        near |= Q(region__path__startswith=path) | Q(region__path__in=above)
    return near

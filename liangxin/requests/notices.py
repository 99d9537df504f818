"""逾期通报 (WORK.md §5: "> 5 working days late → 通报"): the requests finished more than
``requests.notify_late_workdays`` working days after their due, or still running that late,
grouped by lead unit and ranked. Working days late are counted on the platform's calendar
(rules.workdays, 调休 included): the working days after the due day up to the day of 办结
(or today). SQL narrows the rows to those late by more than N calendar days (a necessary
condition); the calendar decides."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from liangxin.regions.models import Region
from liangxin.requests import deadlines, selectors
from liangxin.requests.models import RUNNING_STATES, Request
from liangxin.rules.values import rule_value
from liangxin.rules.workdays import Calendar

RULE = "requests.notify_late_workdays"
NO_UNIT = "未派单"


def threshold() -> int:
    return rule_value(RULE)


@dataclass
class LateRequest:
    request: Request
    workdays_late: int

    @property
    def running(self) -> bool:
        return self.request.finished_at is None


@dataclass
class UnitGroup:
    unit: str
    items: list[LateRequest] = field(default_factory=list)
    rank: int = 0

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def running(self) -> int:
        return sum(item.running for item in self.items)

    @property
    def workdays_late(self) -> int:
        return sum(item.workdays_late for item in self.items)


class WorkdayCount:
    """Working days between two days by prefix sums over one span of the calendar: the
    list counts many requests over the same weeks."""

    def __init__(self, first: datetime.date, last: datetime.date, calendar=None):
        calendar = calendar or Calendar()
        self.first, self.totals, total = first, [], 0
        for offset in range((last - first).days + 1):
            total += calendar.is_workday(first + datetime.timedelta(days=offset))
            self.totals.append(total)

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days d with start < d <= end (as deadlines.workdays_between)."""
        if end <= start:
            return 0
        return self.totals[(end - self.first).days] - self.totals[(start - self.first).days]


def month_bounds(month: datetime.date):
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return deadlines.start_of_day(month), deadlines.start_of_day(following)


def candidates(
    *, user, days: int, region: Region | None = None, month: datetime.date | None = None, now=None
) -> QuerySet:
    """Scoped requests late by more than ``days`` calendar days (finished or running); with
    ``month``, those whose due fell in that month."""
    now = now or timezone.now()
    span = datetime.timedelta(days=days)
    late = Q(finished_at__isnull=False, finished_at__gt=F("due_at") + span) | Q(
        state__in=RUNNING_STATES, finished_at__isnull=True, due_at__lt=now - span
    )
    requests = selectors.request_list(user=user).filter(late, due_at__isnull=False)
    if region is not None:
        requests = requests.filter(enterprise__region__path__startswith=region.path)
    if month is not None:
        start, end = month_bounds(month)
        requests = requests.filter(due_at__gte=start, due_at__lt=end)
    return requests.order_by("due_at", "pk")


def late_requests(*, user, region=None, month=None, now=None) -> list[LateRequest]:
    """The requests late by more than N working days, the latest first."""
    now = now or timezone.now()
    days = threshold()
    rows = list(candidates(user=user, days=days, region=region, month=month, now=now))
    if not rows:
        return []
    today = deadlines.local_day(now)
    ends = [deadlines.local_day(r.finished_at) if r.finished_at else today for r in rows]
    dues = [deadlines.local_day(r.due_at) for r in rows]
    count = WorkdayCount(min(dues), max(ends))
    counted = zip(rows, dues, ends, strict=True)
    late = [LateRequest(r, count.between(due, end)) for r, due, end in counted]
    late = [item for item in late if item.workdays_late > days]
    late.sort(key=lambda item: (-item.workdays_late, item.request.number))
    return late


def by_unit(late: list[LateRequest]) -> list[UnitGroup]:
    """Grouped by lead unit, ranked: the most requests, then the most working days late."""
    groups: dict[object, UnitGroup] = {}
    for item in late:
        unit = item.request.lead_unit
        key = unit.pk if unit else None
        groups.setdefault(key, UnitGroup(unit.name if unit else NO_UNIT)).items.append(item)
    ranked = sorted(groups.values(), key=lambda g: (-g.count, -g.workdays_late, g.unit))
    for rank, group in enumerate(ranked, start=1):
        group.rank = rank
    return ranked


def notice_due_before(today: datetime.date | None = None, calendar=None) -> datetime.datetime:
    """Running requests due before this moment are more than N working days late today:
    the (N+1)-th working day back from today (today included) must come after the due day."""
    calendar = calendar or Calendar()
    day, counted = today or timezone.localdate(), 0
    while True:
        counted += calendar.is_workday(day)
        if counted > threshold():
            return deadlines.start_of_day(day)
        day -= datetime.timedelta(days=1)


def running_late(today: datetime.date | None = None) -> QuerySet:
    """The to-do: still running and already to be notified (not scoped: the to-do engine
    scopes)."""
    return selectors.running().filter(due_at__lt=notice_due_before(today)).order_by("due_at")

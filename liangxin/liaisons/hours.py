"""Working hours on the platform calendar (rules.workdays: the published arrangement with
the district's corrections, 调休 included) within the office periods of the rules catalog
(liaisons.office_hours, default 8–12 and 14–18 [I]): the span from a policy's publication to
its confirmation by the enterprise's head, and the moment a goal of N working hours falls."""

import datetime

from django.utils import timezone

from liangxin.liaisons.rules import OFFICE_HOURS
from liangxin.rules.values import rule_value
from liangxin.rules.workdays import Calendar

Periods = list[tuple[datetime.time, datetime.time]]
# A span longer than this many days is counted up to it (an unconfirmed receipt of last
# year need not be walked day by day).
MAX_DAYS = 400


def periods_from(bounds) -> Periods:
    """[8, 12, 14, 18] → 8:00–12:00 and 14:00–18:00 (an odd last bound is ignored)."""
    hours = sorted(int(h) for h in bounds if 0 <= int(h) <= 24)
    pairs = zip(hours[0::2], hours[1::2], strict=False)
    return [(_time(a), _time(b)) for a, b in pairs if a < b]


def _time(hour: int) -> datetime.time:
    return datetime.time.max if hour == 24 else datetime.time(hour)


def office_periods() -> Periods:
    return periods_from(rule_value(OFFICE_HOURS))


def _day_windows(day: datetime.date, periods: Periods):
    for start, end in periods:
        yield (
            timezone.make_aware(datetime.datetime.combine(day, start)),
            timezone.make_aware(datetime.datetime.combine(day, end)),
        )


def working_minutes(
    start: datetime.datetime, end: datetime.datetime, *, calendar=None, periods=None
) -> int:
    """Whole working minutes between ``start`` and ``end`` (0 when end is not after start)."""
    if end <= start:
        return 0
    calendar = calendar or Calendar()
    periods = office_periods() if periods is None else periods
    day = timezone.localtime(start).date()
    last = min(timezone.localtime(end).date(), day + datetime.timedelta(days=MAX_DAYS))
    seconds = 0.0
    while day <= last:
        if calendar.is_workday(day):
            for opens, closes in _day_windows(day, periods):
                overlap = min(end, closes) - max(start, opens)
                seconds += max(overlap.total_seconds(), 0)
        day += datetime.timedelta(days=1)
    return int(seconds // 60)


def add_working_hours(
    start: datetime.datetime, hours: int, *, calendar=None, periods=None
) -> datetime.datetime:
    """The moment ``hours`` working hours after ``start``: published at 10:00 on a Monday,
    4 hours fall at 16:00 (two before the lunch break, two after it)."""
    calendar = calendar or Calendar()
    periods = office_periods() if periods is None else periods
    remaining = datetime.timedelta(hours=hours)
    day = timezone.localtime(start).date()
    for _ in range(MAX_DAYS):
        if calendar.is_workday(day):
            for opens, closes in _day_windows(day, periods):
                begin = max(start, opens)
                if begin >= closes:
                    continue
                if begin + remaining <= closes:
                    return begin + remaining
                remaining -= closes - begin
        day += datetime.timedelta(days=1)
    return start + datetime.timedelta(days=MAX_DAYS)

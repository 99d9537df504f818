"""The periods a cadence is owed in: a day, a week (Monday to Sunday, the Chinese work
week), a calendar month, quarter or year. Pure date arithmetic, no database."""

import datetime
from dataclasses import dataclass

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start:%Y-%m-%d}"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


def _month_start(day: datetime.date, months_back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _add_months(start: datetime.date, months: int) -> datetime.date:
    return _month_start(start, -months)


def period_of(day: datetime.date, frequency: str) -> Period:
    """The period of ``frequency`` that contains ``day``."""
    if frequency == "daily":
        return Period(day, day)
    if frequency == "weekly":
        start = day - datetime.timedelta(days=day.weekday())  # Monday
        return Period(start, start + datetime.timedelta(days=6))
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}[frequency]
    first = _month_start(day)
    start = _add_months(datetime.date(first.year, 1, 1), (first.month - 1) // months * months)
    return Period(start, _add_months(start, months) - DAY)


def last_ended(today: datetime.date, frequency: str) -> Period:
    """The latest period that ended before ``today``."""
    return period_of(period_of(today, frequency).start - DAY, frequency)


def ended_between(first: datetime.date, today: datetime.date, frequency: str) -> list[Period]:
    """The periods that end on or after ``first`` and ended before ``today``, oldest first."""
    periods = []
    period = period_of(first, frequency)
    while period.end < today:
        periods.append(period)
        period = period_of(period.end + DAY, frequency)
    return periods


def owed(start: datetime.date, end: datetime.date | None, period: Period) -> bool:
    """An assignment owes a period it covers whole [I]: one starting mid-week owes the
    next week's 坐诊, not this one's; one ending mid-month owes no 复诊 that month."""
    return start <= period.start and (end is None or end >= period.end)

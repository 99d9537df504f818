"""Date arithmetic the development rules share (months, working days, age)."""

import calendar
import datetime

SATURDAY = 5


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the 31st of a shorter month becomes its last day.

    So "six months after 31 August" is 28 (or 29) February: the calendar
    reading the organization departments use when they count months.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday to Friday from ``start`` to ``end``, both included.

    Public holidays and the weekend days swapped for them (调休) are not
    modelled: the State Council publishes them year by year. A notice over a
    holiday therefore counts a few days too many; the branch still sees the dates.
    """
    if end < start:
        return 0
    total = (end - start).days + 1
    weeks, rest = divmod(total, 7)
    extra = sum(1 for offset in range(rest) if (start.weekday() + offset) % 7 < SATURDAY)
    return weeks * 5 + extra


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Full years of age on ``day``: the birthday itself completes the year."""
    before_birthday = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - before_birthday


def inclusive_days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days + 1

"""The visit cadence in calendar terms: ``workforce.visit_months`` = N cuts each year into
blocks of N months from January (N = 1: calendar months). A visit counts for the block
its date falls in, so one on the last day of a month counts for that month."""

import datetime

from liangxin.rules.values import rule_value
from liangxin.workforce.rules import TERM_YEARS, VISIT_MONTHS


def visit_months() -> int:
    return max(1, int(rule_value(VISIT_MONTHS)))


def period_of(day: datetime.date, months: int | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the visit period that holds ``day``."""
    months = months or visit_months()
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return start, add_months(start, months) - datetime.timedelta(days=1)


def previous_period(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _end = period_of(day)
    return period_of(start - datetime.timedelta(days=1))


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return _clamped(year, month + 1, day.day)


def term_end(starts_on: datetime.date) -> datetime.date:
    """The last day of a term of ``workforce.instructor_term_years`` years from ``starts_on``
    (2024-03-01 + 2 years → 2026-02-28)."""
    years = int(rule_value(TERM_YEARS))
    return add_months(starts_on, 12 * years) - datetime.timedelta(days=1)


def _clamped(year: int, month: int, day: int) -> datetime.date:
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            day -= 1

"""Calendar arithmetic for the rules ("within 1 month", "3 years", "6 months")."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day ``months`` later (or earlier); the month's last day when it has no such day."""
    total = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(total, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return day.replace(year=year, month=month_index + 1, day=min(day.day, last))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)

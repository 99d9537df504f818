"""Working days with the State Council's holidays and 调休 (WORK.md common shape: deadlines
count working days). chinese_calendar carries each year's published arrangement; for a year
it does not know yet (published each November), Monday to Friday stands in."""

import datetime

import chinese_calendar

SATURDAY = 5


def is_workday(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < SATURDAY


def first_workday(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the next one."""
    while not is_workday(day):
        day += datetime.timedelta(days=1)
    return day


def workday_span_end(start: datetime.date, days: int) -> datetime.date:
    """The last day of ``days`` working days counted from ``start`` (included when it is one):
    a 5-day 公示 from Monday ends that Friday, across 国庆 it waits out the holiday."""
    day, counted = first_workday(start), 1
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day

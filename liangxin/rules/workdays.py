"""Working days on the Chinese calendar with its 调休 (WORK.md common shape: deadlines count
working days on an editable holiday calendar).

The State Council's yearly arrangement comes from chinese_calendar, a maintained table; a
district's own corrections (rules.CalendarDay) win over it — a year the table does not know
yet (the arrangement is published each November, the package follows), or a local day off.
Where neither knows a day, Monday to Friday are working days."""

import datetime

import chinese_calendar

from liangxin.rules.models import CalendarDay, DayKind

SATURDAY = 5


class Calendar:
    """Working days with the district's corrections read once (a deadline counts many days)."""

    def __init__(self):
        self.corrections = dict(CalendarDay.objects.values_list("day", "kind"))

    def is_workday(self, day: datetime.date) -> bool:
        corrected = self.corrections.get(day)
        if corrected is not None:
            return corrected == DayKind.WORKDAY
        return published_workday(day)

    def first_workday(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the next one."""
        while not self.is_workday(day):
            day += datetime.timedelta(days=1)
        return day

    def span_end(self, start: datetime.date, days: int) -> datetime.date:
        """The last day of ``days`` working days counted from ``start`` (included when it is
        one): a 5-day 公示 from a Monday ends that Friday; across 国庆 it waits the holiday out."""
        day, counted = self.first_workday(start), 1
        while counted < days:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """The working day ``days`` working days after ``start`` (a deadline "in 5 working
        days" from a request received on ``start``)."""
        day, counted = start, 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day


def published_workday(day: datetime.date) -> bool:
    """The published table's answer; Monday to Friday for a year it does not carry."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < SATURDAY


def is_workday(day: datetime.date) -> bool:
    return Calendar().is_workday(day)


def first_workday(day: datetime.date) -> datetime.date:
    return Calendar().first_workday(day)


def workday_span_end(start: datetime.date, days: int) -> datetime.date:
    return Calendar().span_end(start, days)


def workdays_after(start: datetime.date, days: int) -> datetime.date:
    return Calendar().add(start, days)

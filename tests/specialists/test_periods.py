"""The periods a cadence is owed in (WORK.md §5 [L:平湖] 五诊; weeks Monday to Sunday, the
Chinese work week [I]) at their boundaries."""

import datetime

from liangxin.specialists.periods import Period, ended_between, last_ended, owed, period_of

D = datetime.date


def test_a_week_spanning_the_month_end_runs_monday_to_sunday():
    assert period_of(D(2026, 12, 2), "weekly") == Period(D(2026, 11, 30), D(2026, 12, 6))
    assert period_of(D(2026, 11, 30), "weekly") == period_of(D(2026, 12, 6), "weekly")
    assert period_of(D(2026, 12, 7), "weekly").start == D(2026, 12, 7)


def test_months_quarters_and_years():
    assert period_of(D(2024, 2, 10), "monthly") == Period(D(2024, 2, 1), D(2024, 2, 29))
    assert period_of(D(2026, 12, 31), "quarterly") == Period(D(2026, 10, 1), D(2026, 12, 31))
    assert period_of(D(2026, 4, 1), "quarterly") == Period(D(2026, 4, 1), D(2026, 6, 30))
    assert period_of(D(2026, 7, 15), "yearly") == Period(D(2026, 1, 1), D(2026, 12, 31))


def test_the_last_ended_period_and_the_periods_of_a_window():
    assert last_ended(D(2026, 12, 7), "weekly") == Period(D(2026, 11, 30), D(2026, 12, 6))
    assert last_ended(D(2026, 12, 6), "weekly") == Period(D(2026, 11, 23), D(2026, 11, 29))
    assert last_ended(D(2027, 1, 1), "quarterly") == Period(D(2026, 10, 1), D(2026, 12, 31))
    weeks = ended_between(D(2026, 11, 1), D(2026, 12, 7), "weekly")
    assert weeks[0].start == D(2026, 10, 26) and weeks[-1].end == D(2026, 12, 6)
    assert len(weeks) == 6
    assert ended_between(D(2026, 1, 1), D(2026, 12, 31), "yearly") == []


def test_an_assignment_owes_only_the_periods_it_covers_whole():
    week = Period(D(2026, 11, 30), D(2026, 12, 6))
    assert owed(D(2026, 11, 30), None, week)
    assert not owed(D(2026, 12, 2), None, week)  # started mid-week
    assert not owed(D(2026, 1, 1), D(2026, 12, 5), week)  # ended before Sunday
    assert owed(D(2026, 1, 1), D(2026, 12, 6), week)

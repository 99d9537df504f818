"""The cadence engine (WORK.md §5 [L:平湖] 五诊, defaults [I]): a tracked cadence's period that
ended without a contact is missed; 问诊 is logged when something is raised and never missed;
the to-do list shows a specialist's missed weekly 坐诊 (issue 18, done-when)."""

import datetime

from django.utils import timezone

from liangxin.core.home import todos_for
from liangxin.specialists import periods, selectors
from liangxin.specialists.models import Assignment
from tests.specialists.conftest import assign, cadence, contact

D = datetime.date
TODAY = D(2026, 12, 8)  # a Tuesday: the last ended week is Nov 30 – Dec 6
NOVEMBER = D(2026, 11, 1)


def missed(user, first=NOVEMBER, today=TODAY, key=None):
    chosen = cadence(key) if key else None
    return selectors.missed(user=user, first=first, today=today, cadence=chosen)


def weeks(found):
    return [(o.assignment.pk, o.period.start) for o in found if o.cadence.key == "weekly"]


def test_a_contact_on_the_last_day_of_a_week_spanning_the_month_end_counts(world, specialist):
    a = assign(specialist, world.ent_a, D(2026, 11, 23))
    contact(a, "weekly", D(2026, 11, 29))  # Sunday: the week of Nov 23
    contact(a, "weekly", D(2026, 12, 6))  # Sunday: the week of Nov 30, in December
    user = world.user("town_a_admin")
    assert weeks(missed(user)) == []
    # November is not covered whole (the assignment began on the 23rd): no 复诊 owed.
    assert missed(user, key="monthly") == []


def test_a_contact_the_day_after_a_week_does_not_count_for_it(world, specialist):
    a = assign(specialist, world.ent_a, D(2026, 11, 23))
    contact(a, "weekly", D(2026, 11, 29))
    contact(a, "weekly", D(2026, 12, 7))  # Monday: the current week, not the last one
    assert weeks(missed(world.user("town_a_admin"))) == [(a.pk, D(2026, 11, 30))]


def test_an_assignment_starting_mid_period_owes_from_the_next_one(world, specialist):
    a = assign(specialist, world.ent_a, D(2026, 11, 25))  # a Wednesday
    found = missed(world.user("town_a_admin"))
    assert weeks(found) == [(a.pk, D(2026, 11, 30))]
    monthly = [o for o in found if o.cadence.key == "monthly"]
    assert monthly == []  # November not covered whole


def test_months_and_a_month_contact_in_another_cadence(world, specialist):
    a = assign(specialist, world.ent_a, D(2026, 10, 1))
    contact(a, "weekly", D(2026, 11, 10))  # a 坐诊 is not a 复诊
    contact(a, "monthly", D(2026, 10, 31))  # last day of October
    found = missed(world.user("town_a_admin"), key="monthly")
    assert [(o.period.start, o.period.end) for o in found] == [(D(2026, 11, 1), D(2026, 11, 30))]


def test_daily_questions_are_never_missed_and_an_ended_assignment_owes_nothing_after(
    world, specialist
):
    a = assign(specialist, world.ent_a, D(2026, 11, 2), end=D(2026, 11, 15))
    found = missed(world.user("town_a_admin"))
    assert all(o.cadence.key != "daily" for o in found)
    assert weeks(found) == [(a.pk, D(2026, 11, 2)), (a.pk, D(2026, 11, 9))][::-1]


def test_the_engine_reads_a_few_queries_for_many_assignments(
    world, specialist, django_assert_max_num_queries
):
    for day in range(1, 29):
        a = assign(specialist, world.ent_a, D(2025, 1, day))
        contact(a, "weekly", D(2026, 6, 1))
    user = world.user("town_a_admin")
    with django_assert_max_num_queries(6):
        found = missed(user, first=D(2026, 1, 1))
    assert len(weeks(found)) == 28 * 48  # 49 weeks ended, one met


# --- the to-do list (issue 18, done-when) ---------------------------------------------------


def test_a_specialists_missed_weekly_cadence_shows_on_the_to_do_list(
    world, specialist, grid_user, login
):
    today = timezone.localdate()
    last_week = periods.last_ended(today, "weekly")
    a = assign(specialist, world.ent_a, last_week.start - datetime.timedelta(days=14))
    contact(a, "weekly", last_week.start - datetime.timedelta(days=7))
    contact(a, "monthly", last_week.start - datetime.timedelta(days=7))

    def due(user):
        return {t.todo.key: t for t in todos_for(user)}.get("specialists_missed")

    item = due(grid_user)
    assert item is not None and list(item.items) == [a]
    assert "每周一坐诊" in selectors.missed_note(item.items[0])
    assert due(world.user("town_a_admin")).count == 1
    assert due(world.user("town_b_admin")).count == 0  # another town
    page = login("grid_a").get("/").content.decode()
    assert "助企专员联系频次未落实" in page and "川姜纺织有限公司" in page

    contact(a, "weekly", last_week.end)
    item = due(grid_user)
    assert item.count == 0 or all(
        not getattr(row, f"missed_{cadence('weekly').pk}") for row in item.items
    )


def test_the_to_do_list_shows_a_specialist_only_their_own(world, specialist, grid_user):
    from liangxin.specialists.models import Specialist

    other = Specialist.objects.create(
        name="吴律师", kind="lawyer", employer="律所", region=world.town_a, start=D(2020, 1, 1)
    )
    start = periods.last_ended(timezone.localdate(), "weekly").start - datetime.timedelta(days=7)
    mine = assign(specialist, world.ent_a, start)
    assign(other, world.ent_a, start)
    rows = selectors.missed_last_period(grid_user)
    assert list(rows) == [mine]
    assert Assignment.objects.count() == 2

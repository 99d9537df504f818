"""Working hours of 政策联络员 (WORK.md §5: 116 政策联络员 bring policies to the enterprise's
head "半日内" [L:泉州, 泉州晚报 2023-07-10]; the platform's default 4 working hours [I],
rule liaisons.notice_goal_hours), within the office periods 8–12 and 14–18 [I] (rule
liaisons.office_hours), on the platform calendar.

The 2026 arrangement is the State Council's 《国务院办公厅关于2026年部分节假日安排的通知》 as
carried by the maintained ``chinesecalendar`` package: 国庆节、中秋节 10月1日至7日放假,
10月10日（星期六）上班; the test database holds no rules.CalendarDay correction unless a
test adds one."""

import chinese_calendar
import pytest

from liangxin.liaisons.hours import add_working_hours, periods_from, working_minutes
from liangxin.rules.models import CalendarDay, DayKind
from liangxin.rules.values import rule_set
from tests.liaisons.conftest import at, confirm, publish

pytestmark = pytest.mark.django_db


def test_the_calendar_and_periods_the_tests_rely_on():
    assert CalendarDay.objects.count() == 0
    assert not chinese_calendar.is_workday(at(2026, 10, 7).date())
    assert chinese_calendar.is_workday(at(2026, 10, 10).date())  # 调休 Saturday
    assert [(a.hour, b.hour) for a, b in periods_from([8, 12, 14, 18])] == [(8, 12), (14, 18)]
    assert periods_from([14, 18, 8]) == periods_from([8, 14])  # an odd last bound is ignored


@pytest.mark.parametrize(
    "published, due, why",
    [
        # Mon 10:00: two hours before the lunch break, two after it.
        (at(2026, 11, 2, 10), at(2026, 11, 2, 16), "lunch break"),
        # Thu 16:30: 1.5 hours that evening, 2.5 the next morning.
        (at(2026, 11, 5, 16, 30), at(2026, 11, 6, 10, 30), "evening"),
        # Fri 17:00: one hour, the weekend off, three on Monday.
        (at(2026, 11, 6, 17), at(2026, 11, 9, 11), "weekend"),
        # Published on a Sunday: the clock starts Monday 8:00.
        (at(2026, 11, 8, 11), at(2026, 11, 9, 12), "published on a day off"),
        # Fri 10-09 16:00: two hours, then Saturday 10-10 is a 调休 working day.
        (at(2026, 10, 9, 16), at(2026, 10, 10, 10), "调休 Saturday"),
        # Wed 09-30 16:00: two hours, then 国庆 10-1…10-7 off, two on Thu 10-08.
        (at(2026, 9, 30, 16), at(2026, 10, 8, 10), "National Day"),
    ],
)
def test_four_working_hours_fall_as_the_calendar_says(published, due, why):
    assert add_working_hours(published, 4) == due, why
    assert working_minutes(published, due) == 240, why


def test_a_district_correction_of_the_calendar_wins():
    CalendarDay.objects.create(day=at(2026, 11, 9).date(), kind=DayKind.HOLIDAY, name="本地放假")
    assert add_working_hours(at(2026, 11, 6, 17), 4) == at(2026, 11, 10, 11)


def test_the_4_hour_boundary_on_time_at_the_goal_late_a_minute_after(world, liaisons, clock):
    clock.set(2026, 11, 3, 9)
    notice = publish(world, liaisons["a"], at(2026, 11, 2, 10))
    receipt = notice.receipts.get(enterprise=world.ent_a)
    assert receipt.due_at == at(2026, 11, 2, 16)
    on_time = confirm(world, notice, world.ent_a, at(2026, 11, 2, 16))
    late = confirm(world, notice, world.ent_a2, at(2026, 11, 2, 16, 1))
    assert (on_time.working_minutes, on_time.confirmed_at <= on_time.due_at) == (240, True)
    assert (late.working_minutes, late.confirmed_at <= late.due_at) == (241, False)


def test_a_district_changes_the_goal_and_the_office_hours(world, liaisons, clock):
    clock.set(2026, 11, 3, 9)
    admin = world.user("district_admin")
    rule_set(actor=admin, key="liaisons.notice_goal_hours", value=2)
    rule_set(actor=admin, key="liaisons.office_hours", value=[9, 12, 13, 17])
    notice = publish(world, liaisons["a"], at(2026, 11, 2, 11))
    # 11–12 one hour, lunch 12–13, 13–14 the second.
    assert notice.receipts.first().due_at == at(2026, 11, 2, 14)


def test_the_rules_page_shows_the_goal_and_the_office_hours_with_their_sources(login):
    page = login("district_admin").get("/rules/").content.decode()
    assert "半日直达" in page and "[L:泉州]" in page and "泉州晚报 2023-07-10" in page
    assert "计算工作小时的上班时段" in page

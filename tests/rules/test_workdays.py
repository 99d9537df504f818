"""The working-day calendar (WORK.md common shape: "Deadlines count working days on an
editable holiday calendar (including 调休)"): the State Council's published arrangement
(chinese_calendar), the district's corrections over it, Monday–Friday where neither knows."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from liangxin.rules import services, workdays
from liangxin.rules.models import CalendarDay, DayKind

D = datetime.date
URL = "/rules/calendar/"


def test_a_span_waits_out_the_national_day_holiday_and_counts_its_make_up_saturday(db):
    """国务院办公厅 2026 arrangement: 10月1日至7日放假, 10月10日（周六）上班."""
    assert workdays.workday_span_end(D(2026, 9, 30), 2) == D(2026, 10, 8)
    assert workdays.workday_span_end(D(2026, 10, 1), 3) == D(2026, 10, 10)
    assert workdays.workdays_after(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_a_year_the_table_does_not_carry_counts_monday_to_friday_until_corrected(world):
    new_year = D(2027, 1, 1)  # a Friday; the 2027 arrangement is not in the table yet
    assert workdays.is_workday(new_year)
    services.calendar_day_set(
        actor=world.user("district_admin"),
        day=new_year,
        kind=DayKind.HOLIDAY,
        name="元旦",
        source="国务院办公厅关于2027年部分节假日安排的通知",
    )
    assert not workdays.is_workday(new_year)
    assert workdays.workday_span_end(D(2026, 12, 31), 2) == D(2027, 1, 4)


def test_a_make_up_working_day_on_a_weekend_counts(world):
    saturday = D(2027, 2, 20)
    assert not workdays.is_workday(saturday)
    services.calendar_day_set(
        actor=world.user("district_admin"),
        day=saturday,
        kind=DayKind.WORKDAY,
        name="春节调休上班",
        source="通知",
    )
    assert workdays.is_workday(saturday)


def test_setting_a_day_twice_changes_it_and_only_the_district_may(world):
    admin = world.user("district_admin")
    day = D(2027, 1, 1)
    services.calendar_day_set(actor=admin, day=day, kind="holiday", name="元旦", source="通知")
    services.calendar_day_set(actor=admin, day=day, kind="workday", name="改", source="更正")
    assert CalendarDay.objects.get(day=day).kind == DayKind.WORKDAY
    assert CalendarDay.objects.count() == 1
    with pytest.raises(ValidationError, match=services.ONLY_DISTRICT):
        services.calendar_day_set(
            actor=world.user("town_a_admin"), day=day, kind="holiday", name="元旦", source="x"
        )
    assert LogEntry.objects.get_for_model(CalendarDay).count() == 2


def test_the_page_adds_and_removes_a_correction_for_the_district(login, world):
    client = login("district_admin")
    data = {"day": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "放假通知"}
    assert client.post(URL, data).status_code == 302
    page = client.get(URL).content.decode()
    assert "元旦" in page and "放假通知" in page
    assert client.post(URL, {"delete": "2027-01-01"}).status_code == 302
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"day": "2027-13-01", "kind": "holiday", "name": "元旦", "source": "通知"}, "日期"),
        ({"day": "2027-01-01", "kind": "party", "name": "元旦", "source": "通知"}, "选择"),
        ({"day": "2027-01-01", "kind": "holiday", "name": "元" * 41, "source": "通知"}, "40"),
        ({"day": "2027-01-01", "kind": "holiday", "name": "元旦", "source": ""}, "必填"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(login, world, data, message):
    response = login("district_admin").post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_others_read_the_calendar_but_cannot_change_it(login, world):
    assert login("town_a_admin").get(URL).status_code == 200
    data = {"day": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "通知"}
    assert login("town_a_admin").post(URL, data).status_code == 403
    assert login("secretary").post(URL, {"delete": "2027-01-01"}).status_code == 403
    assert not CalendarDay.objects.exists()

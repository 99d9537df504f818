"""Deadlines counted in working days on the Chinese calendar (WORK.md §5: due set at 受理
from urgency × category; the clock stops only in 待补充; defaults [I] 紧急 same working day,
一般 5, 复杂 15; one extension asked before the due, no longer than the first span).

The 2026 arrangement is the State Council's 《国务院办公厅关于2026年部分节假日安排的通知》
as carried by the maintained ``chinesecalendar`` package (1.11.0): 国庆节、中秋节 10月1日至7日
放假, 10月10日（星期六）上班; the test database holds no rules.CalendarDay correction."""

import datetime

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liangxin.requests import services
from liangxin.requests.models import DeadlineRule, Request
from liangxin.rules.models import CalendarDay, DayKind
from tests.requests.conftest import category, new_request


def due_day(request) -> datetime.date:
    return timezone.localtime(Request.objects.get(pk=request.pk).due_at).date()


def accepted(world, **extra):
    r = new_request(world, **extra)
    return services.request_accept(actor=world.user("town_a_admin"), request=r)


def test_the_calendar_the_tests_rely_on():
    assert CalendarDay.objects.count() == 0
    assert not chinese_calendar.is_workday(datetime.date(2026, 10, 7))
    assert chinese_calendar.is_workday(datetime.date(2026, 10, 10))  # 调休 Saturday


def test_a_general_request_over_national_day_and_the_make_up_saturday(world, clock):
    # Accepted Tue 2026-09-29: 9-30 (1), [10-1…10-7 off], 10-8 (2), 10-9 (3), Sat 10-10 (4,
    # 调休上班), [Sun 10-11 off], Mon 10-12 (5) → due 2026-10-12.
    clock.set(2026, 9, 29)
    assert due_day(accepted(world)) == datetime.date(2026, 10, 12)


def test_an_urgent_request_on_the_make_up_saturday_is_due_that_day(world, clock):
    clock.set(2026, 10, 10, 10)
    assert due_day(accepted(world, urgency="urgent")) == datetime.date(2026, 10, 10)
    clock.set(2026, 10, 3, 10)  # a holiday: the first working day after it
    assert due_day(accepted(world, urgency="urgent")) == datetime.date(2026, 10, 8)


def test_a_complex_request_takes_fifteen_working_days(world, clock):
    clock.set(2026, 11, 2)
    assert due_day(accepted(world, urgency="complex")) == datetime.date(2026, 11, 23)


def test_a_district_correction_of_the_calendar_moves_the_due(world, clock):
    clock.set(2026, 11, 2)
    CalendarDay.objects.create(
        day=datetime.date(2026, 11, 5), kind=DayKind.HOLIDAY, name="本区调休", source="区政府通知"
    )
    clock.set(2026, 11, 2)
    assert due_day(accepted(world)) == datetime.date(2026, 11, 10)


def test_a_category_rule_wins_and_the_span_is_kept_when_the_rule_changes(world, clock):
    DeadlineRule.objects.create(
        urgency="general",
        category=category("政策咨询"),
        span=3,
        unit="workdays",
        source="某局 12345 规则：咨询 3 个工作日",
    )
    clock.set(2026, 11, 2)
    r = accepted(world, names=("政策咨询", "用工"))
    assert due_day(r) == datetime.date(2026, 11, 5)
    DeadlineRule.objects.filter(category__isnull=True, urgency="general").update(span=10)
    assert due_day(r) == datetime.date(2026, 11, 5) and r.span == 3


def test_hours_as_a_span(world, clock):
    DeadlineRule.objects.filter(category__isnull=True, urgency="urgent").update(
        span=2, unit="hours", source="北京 DB11/T 草案：紧急 2 小时"
    )
    clock.set(2026, 11, 2, 9)
    r = accepted(world, urgency="urgent")
    assert timezone.localtime(r.due_at).time() == datetime.time(11, 0)


def test_the_clock_stops_in_returned(world, clock):
    actor = world.user("town_a_admin")
    clock.set(2026, 11, 2)  # Monday
    r = new_request(world)
    services.request_return(actor=actor, request=r, comment="请补充用工计划")
    clock.set(2026, 11, 5, 16)  # Thursday: Tue, Wed, Thu spent waiting
    services.request_resubmit(actor=actor, request=Request.objects.get(pk=r.pk))
    r = services.request_accept(actor=actor, request=Request.objects.get(pk=r.pk))
    assert r.paused_workdays == 3
    # 5 working days from Monday 11-02 is 11-09; three more → Thursday 11-12.
    assert due_day(r) == datetime.date(2026, 11, 12)


def handling(world, units, clock):
    actor = world.user("town_a_admin")
    clock.set(2026, 11, 2)
    r = accepted(world)
    services.request_assign(actor=actor, request=r, lead_unit=units["hr"])
    return services.request_start(actor=actor, request=Request.objects.get(pk=r.pk))


def test_an_extension_asked_after_the_due_is_refused(world, units, clock):
    r = handling(world, units, clock)
    clock.set(2026, 11, 10)  # due was 2026-11-09
    with pytest.raises(ValidationError, match="延期须在到期前申请"):
        services.extension_ask(
            actor=world.user("town_a_admin"),
            request=r,
            reason="等材料",
            new_due=datetime.date(2026, 11, 16),
        )


def test_an_extension_is_no_longer_than_the_first_span_and_only_once(world, units, clock):
    actor = world.user("town_a_admin")
    r = handling(world, units, clock)
    with pytest.raises(ValidationError) as too_long:
        services.extension_ask(
            actor=actor, request=r, reason="等材料", new_due=datetime.date(2026, 11, 17)
        )
    assert "最迟 2026-11-16" in str(too_long.value)
    services.extension_ask(
        actor=actor, request=r, reason="等材料", new_due=datetime.date(2026, 11, 16)
    )
    with pytest.raises(ValidationError, match="驳回延期须说明理由"):
        services.extension_decide(actor=actor, request=r, approve=False)
    services.extension_decide(actor=actor, request=r, approve=True)
    assert due_day(r) == datetime.date(2026, 11, 16)
    with pytest.raises(ValidationError):
        services.extension_ask(
            actor=actor,
            request=Request.objects.get(pk=r.pk),
            reason="再等",
            new_due=datetime.date(2026, 11, 18),
        )


def test_a_rejected_extension_keeps_the_due(world, units, clock):
    actor = world.user("town_a_admin")
    r = handling(world, units, clock)
    services.extension_ask(
        actor=actor, request=r, reason="等材料", new_due=datetime.date(2026, 11, 12)
    )
    services.extension_decide(actor=actor, request=r, approve=False, note="理由不充分")
    assert due_day(r) == datetime.date(2026, 11, 9)


def test_urge_a_working_day_before_and_supervise_when_overdue(world, units, clock):
    from liangxin.requests import selectors

    r = handling(world, units, clock)  # due Monday 11-09
    clock.set(2026, 11, 5)
    assert r not in selectors.due_soon(datetime.date(2026, 11, 5))
    clock.set(2026, 11, 6)  # Friday: the working day before the due
    assert r in selectors.due_soon(datetime.date(2026, 11, 6))
    assert r not in selectors.overdue()
    clock.set(2026, 11, 10)
    assert r in selectors.overdue()


def test_follow_up_is_due_the_working_day_after_closing(world, units, clock):
    r = handling(world, units, clock)
    clock.set(2026, 11, 6, 17)  # a Friday
    r = services.request_resolve(
        actor=world.user("town_a_admin"), request=r, result="solved", reason="", answer="已解决"
    )
    assert r.follow_up_due == datetime.date(2026, 11, 9)
    assert r.workdays_taken == 4

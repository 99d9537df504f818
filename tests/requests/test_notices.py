"""逾期通报 (WORK.md §5: "> 5 working days late → 通报" [L: a bureau's 12345 rules]; the 5 is
the rule requests.notify_late_workdays, default [I]): the requests finished more than N
working days after their due or still running that late, counted on the calendar with its
调休, grouped by lead unit and ranked; scoped, by region and by the month of the due,
exported; the running ones on the handlers' to-do list.

Hand-computed table, today 2026-11-20 (Fri) 10:00, N = 5:

| request | unit | due | finished | working days late | noticed |
|---|---|---|---|---|---|
| run_a (town A) | 区人社局 | 11-09 | running | 11-10..13, 16..20 = 9 | yes |
| five (town A) | 川姜镇经发办 | 11-09 | 11-16 | 11-10..13, 16 = 5 | no (not > 5) |
| six (town A) | 川姜镇经发办 | 11-09 | 11-17 | 6 | yes |
| holiday4 (town A) | 区人社局 | 09-30 (a) | 10-13 | 10-08, 09, 10 (调休 Sat), 12, 13 = 5 | no |
| holiday6 (town A) | 区人社局 | 09-30 | 10-14 | 6 | yes |
| run_b (town B) | 区市场监管局 | 11-09 | running | 9 | yes (district only) |

(a) 5 working days from 09-22, 中秋 09-25 off; 国庆 10-01..07 off.
Town A's ranking: 区人社局 2 (9 + 6 = 15 days), 川姜镇经发办 1 (6)."""

import datetime
import io

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.core.home import todos_for
from liangxin.requests import notices, services
from liangxin.requests.models import Request
from liangxin.rules.catalog import rule
from liangxin.rules.values import rule_set
from tests.requests.conftest import new_request


def fresh(r):
    return Request.objects.get(pk=r.pk)


def handled(world, clock, unit, received, finished=None, actor="town_a_admin", enterprise=None):
    """Received (and accepted, assigned, started) on ``received``; 办结 on ``finished``."""
    user = world.user(actor)
    clock.set(*received)
    r = new_request(world, user, enterprise=enterprise or world.ent_a)
    services.request_accept(actor=user, request=r)
    services.request_assign(actor=user, request=fresh(r), lead_unit=unit)
    services.request_start(actor=user, request=fresh(r))
    if finished:
        clock.set(*finished)
        services.request_resolve(
            actor=user, request=fresh(r), result="solved", reason="", answer="已办"
        )
    return fresh(r)


@pytest.fixture
def late(world, units, clock):
    hr, econ, market = units["hr"], units["econ"], units["market"]
    rows = {
        "run_a": handled(world, clock, hr, (2026, 11, 2)),
        "five": handled(world, clock, econ, (2026, 11, 2), (2026, 11, 16)),
        "six": handled(world, clock, econ, (2026, 11, 2), (2026, 11, 17)),
        "holiday4": handled(world, clock, hr, (2026, 9, 22), (2026, 10, 13)),
        "holiday6": handled(world, clock, hr, (2026, 9, 22), (2026, 10, 14)),
        "run_b": handled(
            world, clock, market, (2026, 11, 2), actor="town_b_admin", enterprise=world.ent_b
        ),
    }
    clock.set(2026, 11, 20, 10)
    return rows


def test_the_rule_is_configurable_with_its_source():
    found = rule("requests.notify_late_workdays")
    assert found.default == 5 and found.configurable
    assert "12345" in found.source and "[I]" in found.source


def test_the_dues_are_those_of_the_table(late):
    assert timezone.localdate(late["run_a"].due_at) == datetime.date(2026, 11, 9)
    # 5 working days from 09-22: 23, 24, (中秋 25), 28, 29, 30
    assert timezone.localdate(late["holiday4"].due_at) == datetime.date(2026, 9, 30)


def test_the_late_requests_of_a_town_are_counted_on_the_calendar_and_ranked(world, late):
    found = notices.late_requests(user=world.user("town_a_admin"))
    days = {item.request.pk: item.workdays_late for item in found}
    assert days == {late["run_a"].pk: 9, late["six"].pk: 6, late["holiday6"].pk: 6}
    groups = notices.by_unit(found)
    assert [(g.rank, g.unit, g.count, g.workdays_late) for g in groups] == [
        (1, "区人社局", 2, 15),
        (2, "川姜镇经发办", 1, 6),
    ]
    assert groups[0].running == 1


def test_the_district_sees_both_towns_and_filters_by_region_and_month(world, late):
    district = world.user("district_admin")
    assert len(notices.late_requests(user=district)) == 4
    town_b = notices.late_requests(user=district, region=world.town_b)
    assert [item.request.pk for item in town_b] == [late["run_b"].pk]
    september = notices.late_requests(user=district, month=datetime.date(2026, 9, 1))
    assert [item.request.pk for item in september] == [late["holiday6"].pk]


def test_a_district_changes_the_threshold(world, late):
    rule_set(actor=world.user("district_admin"), key="requests.notify_late_workdays", value=4)
    found = notices.late_requests(user=world.user("town_a_admin"))
    assert {item.request.pk for item in found} == {
        late[key].pk for key in ("run_a", "five", "six", "holiday4", "holiday6")
    }


def test_the_page_is_scoped_and_exported(world, late, login):
    page = login("town_a_admin").get("/requests/notices/").content.decode()
    assert late["run_a"].number in page and late["six"].number in page
    assert late["run_b"].number not in page and late["five"].number not in page
    assert page.index("区人社局") < page.index("川姜镇经发办")
    other = login("town_b_admin").get("/requests/notices/").content.decode()
    assert late["run_b"].number in other and late["run_a"].number not in other
    assert (
        login("town_b_admin").get(f"/requests/notices/?region={world.town_a.code}").status_code
        == 404
    )
    assert login("outsider").get("/requests/notices/").status_code == 200
    assert login("system_admin").get("/requests/notices/").status_code == 403
    export = login("town_a_admin").get("/requests/notices/export/?month=2026-11")
    book = CalamineWorkbook.from_filelike(io.BytesIO(export.content))
    rows = [row for row in book.get_sheet_by_index(0).to_python() if row and row[0] != ""]
    header = next(i for i, row in enumerate(rows) if row[0] == "名次")
    body = [(row[0], row[1], row[2], row[9], row[10]) for row in rows[header + 1 :]]
    assert body == [
        (1, "区人社局", late["run_a"].number, 9, "是"),
        (2, "川姜镇经发办", late["six"].number, 6, "否"),
    ]


def test_the_running_ones_are_on_the_handlers_to_do_list(world, late, login):
    def noticed(persona):
        due = {todo.todo.key: todo for todo in todos_for(world.user(persona))}
        todo = due.get("requests_notice")
        return set(todo.items.values_list("pk", flat=True)) if todo else set()

    assert noticed("town_a_admin") == {late["run_a"].pk}
    assert noticed("district_admin") == {late["run_a"].pk, late["run_b"].pk}
    assert noticed("secretary") == set()  # not a handler
    home = login("town_a_admin").get("/").content.decode()
    assert "逾期通报" in home and late["run_a"].number in home


def test_the_to_do_boundary_is_the_sixth_working_day_late(world, units, clock):
    """Due 11-09: 5 working days late on 11-16 (not yet), 6 on 11-17."""
    r = handled(world, clock, units["hr"], (2026, 11, 2))
    assert r.pk not in notices.running_late(datetime.date(2026, 11, 16)).values_list(
        "pk", flat=True
    )
    assert r.pk in notices.running_late(datetime.date(2026, 11, 17)).values_list("pk", flat=True)


def test_the_menu_and_the_statistics_link_to_the_notices(world, login):
    page = login("town_a_admin").get("/requests/statistics/").content.decode()
    assert 'href="/requests/notices/' in page and "/requests/?overdue=1" in page
    assert "逾期通报" in login("town_a_admin").get("/requests/").content.decode()

"""Who has not reported (issue 20, done when: "a secretary who has not reported appears on
the town's list"): every organization in the user's scope lacking a commitment or either of
the two 述职 of the year (双承诺双述职 [L:川姜]); the export; the town's to-do after the
rule's due day (WORK.md §7 [I]: 3月1日)."""

import pytest

from liangxin.core.home import todos_for
from liangxin.duties import rules
from tests.duties.conftest import LAST_YEAR, set_rule, workbook_rows

pytestmark = pytest.mark.django_db

URL = f"/duties/missing/?year={LAST_YEAR}"


def listed(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_secretary_who_has_not_reported_appears_on_the_towns_list(world, login, duties):
    town_a, town_b = login("town_a_admin"), login("town_b_admin")
    page = listed(town_a)
    assert world.org_a.name in page
    assert "未作承诺" in page and "未向上级党委述职" in page and "未向党员职工述职" in page
    # Another town's organization never appears on town A's list, nor A's on town B's.
    assert world.org_b.name not in page
    assert world.org_a.name not in listed(town_b)
    assert world.org_b.name in listed(town_b)
    # A 党小组 has no secretary to report.
    assert world.group_a.name not in page

    # Promised both ways and reported to the higher committee only: still listed.
    duties.commit(world.org_a)
    duties.report(world.org_a, "superior")
    page = listed(town_a)
    assert world.org_a.name in page
    assert "未向党员职工述职" in page and "未作承诺" not in page
    # Reported twice (双述职): off the list; the other town's admin never saw it anyway.
    duties.report(world.org_a, "members")
    assert world.org_a.name not in listed(town_a)
    assert world.org_b.name in listed(login("district_admin"))


def test_a_promise_to_one_audience_only_is_listed(world, login, duties):
    duties.commit(world.org_a, to_members=False)
    duties.report(world.org_a, "superior")
    duties.report(world.org_a, "members")
    page = listed(login("town_a_admin"))
    assert world.org_a.name in page and "未向党员群众承诺" in page


def test_another_years_reports_do_not_count(world, login, duties):
    duties.everything(world.org_a, year=LAST_YEAR - 1)
    assert world.org_a.name in listed(login("town_a_admin"))


def test_the_export_lists_the_same(world, login, duties):
    duties.everything(world.org_b, actor="town_b_admin")
    response = login("district_admin").get(f"/duties/missing/export/?year={LAST_YEAR}")
    assert response.status_code == 200
    rows = workbook_rows(response)
    names = [row[1] for row in rows]
    assert world.org_a.name in names and world.org_b.name not in names
    town_b_rows = workbook_rows(
        login("town_b_admin").get(f"/duties/missing/export/?year={LAST_YEAR}")
    )
    assert world.org_a.name not in [row[1] for row in town_b_rows]


def test_out_of_scope_region_filter_is_404(world, login):
    client = login("town_a_admin")
    assert client.get(f"{URL}&region={world.town_b.code}").status_code == 404
    assert client.get(f"/duties/missing/export/?region={world.town_b.code}").status_code == 404
    # A malformed year falls back to last year instead of failing.
    assert client.get("/duties/missing/?year=abc").status_code == 200
    assert client.get("/duties/missing/?year=99999999999999999999").status_code == 200


def test_who_sees_the_list(world, login):
    assert login("secretary").get(URL).status_code == 403
    assert login("instructor").get(URL).status_code == 403
    assert login("leader").get(URL).status_code == 200


def _todo(user):
    return {entry.todo.key: entry for entry in todos_for(user)}.get("duties_report_overdue")


def test_the_towns_todo_after_the_due_day(world, duties):
    # Due day 1 January: today is always past it, last year's missing 述职 are overdue.
    set_rule(world, rules.DUE_MONTH, 1)
    set_rule(world, rules.DUE_DAY, 1)
    town_a = world.user("town_a_admin")
    entry = _todo(town_a)
    assert entry is not None and entry.count == 1
    duties.report(world.org_a, "superior")
    duties.report(world.org_a, "members")
    entry = _todo(town_a)
    assert entry is None or entry.count == 0
    # Town B still has its own; the secretary has no such to-do.
    assert _todo(world.user("town_b_admin")).count == 1
    assert _todo(world.user("secretary")) is None


def test_no_todo_before_the_due_day(world):
    import datetime

    if datetime.date.today() >= datetime.date(datetime.date.today().year, 12, 31):
        pytest.skip("the last day of the year is past any due day")
    set_rule(world, rules.DUE_MONTH, 12)
    set_rule(world, rules.DUE_DAY, 31)
    entry = _todo(world.user("town_a_admin"))
    assert entry is None or entry.count == 0


def test_the_due_day_itself_is_due(world):
    import datetime

    today = datetime.date.today()
    set_rule(world, rules.DUE_MONTH, today.month)
    set_rule(world, rules.DUE_DAY, today.day)
    assert _todo(world.user("town_a_admin")).count == 1
    # A day past the month's end is its last day (31 in a 30-day month).
    set_rule(world, rules.DUE_DAY, 31)
    last_day = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last_day -= datetime.timedelta(days=1)
    entry = _todo(world.user("town_a_admin"))
    assert (entry.count if entry else 0) == (1 if today == last_day else 0)

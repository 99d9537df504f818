"""The home page as a work list (issue 14, item 2): each app's to-dos, per role and scope.

What is due comes from the checks that already exist (development reminders, 细则 第七条;
floating members' contacts, 中办《关于加强和改进流动党员管理的意见》; open letters;
six months unpaid, 党章 第九条; organization warnings; an instructor's coverage gaps,
DOMAIN.md §3); these tests check who sees which items, that each item leads where it is
acted on, and that the navigation bar counts them without a query per item.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from liangxin.core.contributions import slot
from liangxin.core.home import todo_counts, todos_for
from liangxin.dues.periods import previous_month
from liangxin.duties.models import Audience, DutyReport
from tests import factories as f
from tests.development.conftest import make_case
from tests.dues.conftest import month_for
from tests.mobility.conftest import floating, letter
from tests.personas.web.test_no_english import english_words

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def last_months(n: int) -> list[tuple[int, int]]:
    year, month = previous_month(TODAY)
    found = []
    for _ in range(n):
        found.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


@pytest.fixture
def due(world):
    return make_due(world)


def make_due(world):
    """Something due on each side of the district: town A (org_a) and town B (org_b)."""
    world.case_a = make_case(world.org_a, name="郑逾期", applied_on=TODAY - 60 * DAY)
    world.case_b = make_case(world.org_b, name="孙逾期", applied_on=TODAY - 60 * DAY)
    world.away_a = floating(world.org_a, name="冯流动")
    world.away_b = floating(world.org_b, name="蒋流动")
    world.letter_a = letter(world.member_a, issued_on=TODAY - 5 * DAY, to_name="外省某党支部")
    for year, month in last_months(6):
        month_for(world.member_a, year, month)
    world.org_a.term_started_on = TODAY.replace(year=TODAY.year - 4)
    world.org_a.save()
    # One full member employed at the instructor's enterprise, which nothing covers.
    f.MemberFactory(name="卫职工", organization=world.org_a, employer=world.ent_a2)
    return world


def due_names(user) -> dict[str, list[str]]:
    return {
        d.todo.key: [d.todo.item_label(item) for item in d.items]
        for d in todos_for(user)
        if d.count
    }


def test_a_secretary_sees_the_work_of_their_organization_only(due):
    found = due_names(due.user("secretary"))
    assert found["development_talk_overdue"] == ["郑逾期"]
    assert found["mobility_overdue_contacts"] == ["冯流动"]
    assert found["mobility_open_transfers"] == [f"林晓红 · 介绍信 {due.letter_a.letter_number}"]
    assert found["dues_unpaid_streaks"] == ["林晓红"]
    assert found["organization_warnings"] == ["川姜纺织有限公司党支部"]
    assert "coverage_instructor_gaps" not in found
    assert "孙逾期" not in str(found) and "蒋流动" not in str(found)


def test_a_town_admin_sees_their_town_and_the_district_admin_both(due):
    town_b = due_names(due.user("town_b_admin"))
    assert town_b["development_talk_overdue"] == ["孙逾期"]
    assert town_b["mobility_overdue_contacts"] == ["蒋流动"]
    assert "dues_unpaid_streaks" not in town_b and "organization_warnings" not in town_b
    district = due_names(due.user("district_admin"))
    assert sorted(district["development_talk_overdue"]) == ["孙逾期", "郑逾期"]
    assert due_names(due.user("outsider")) == {}


def test_an_instructor_sees_the_coverage_gaps_of_their_enterprises(due):
    (gaps,) = [d for d in todos_for(due.user("instructor")) if d.count]
    assert gaps.todo.key == "coverage_instructor_gaps"
    assert [e.name for e in gaps.items] == [due.ent_a2.name]
    assert gaps.todo.item_note(gaps.items[0]) == "建议：联合组建或挂靠"


def test_roles_that_act_on_nothing_get_no_work_list(due, login):
    for persona in ("leader", "system_admin", "audit_admin"):
        assert todo_counts(due.user(persona)) == {}
        page = login(persona).get(reverse("home")).content.decode()
        assert "待办事项" not in page and 'id="nav-todos"' not in page


def test_the_home_lists_the_due_items_first_with_counts_and_links(due, login):
    page = login("secretary").get(reverse("home")).content.decode()
    work = page.index("待办事项")
    assert work < page.index("card-count")  # the to-dos before the counters
    case_url = reverse("development:detail", args=[due.case_a.public_id])
    assert f'href="{case_url}"' in page
    assert f'href="{reverse("mobility:contact-create")}?member={due.away_a.public_id}"' in page
    assert reverse("mobility:transfer", args=[due.letter_a.public_id]) in page
    assert reverse("organizations:edit", args=[due.org_a.code]) in page
    assert "换届到期" in page


def test_every_item_link_opens_for_the_user_who_sees_it(due, login):
    for persona in ("secretary", "town_a_admin", "town_b_admin", "instructor"):
        client = login(persona)
        for d in todos_for(due.user(persona)):
            for item in d.items:
                link = d.todo.item_url(item)
                assert client.get(link).status_code == 200, (persona, d.todo.key, link)
            assert client.get(d.todo.list_url).status_code == 200, (persona, d.todo.list_url)


def test_the_navigation_bar_counts_what_is_due(due, login):
    client = login("secretary")
    total = sum(todo_counts(due.user("secretary")).values())
    assert total == 5
    # The home page reads the counts for its work list: the bar shows them inline.
    home = client.get(reverse("home")).content.decode()
    badge = re.search(r'id="nav-todos".*?<span class="badge[^>]*>(\d+)</span>', home, re.S)
    assert badge and int(badge.group(1)) == total
    # A list does not wait for them: the badge is fetched after the page.
    page = client.get(reverse("enterprises:list")).content.decode()
    badge_url = reverse("todo-badge")
    assert re.search(rf'id="nav-todos".*?hx-get="{badge_url}"', page, re.S)
    fetched = client.get(badge_url).content.decode()
    assert re.search(rf'<span class="badge[^>]*>{total}</span>', fetched)
    assert Client().get(badge_url).content == b""  # signed out: nothing to swap in


def test_a_list_page_counts_no_to_do(due, login, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request counts afresh: nothing hidden by a cache
    client = login("district_admin")
    client.get(reverse("enterprises:list"))
    with CaptureQueriesContext(connection) as badge:
        client.get(reverse("todo-badge"))
    counting = {q["sql"] for q in badge if "COUNT(" in q["sql"].upper()}
    assert len(counting) > 10  # one COUNT per to-do (a few count otherwise)
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("enterprises:list"))
    assert counting.isdisjoint(q["sql"] for q in page)  # the badge's counts, not the page's


def test_nothing_due_says_so(world, login):
    # 开发区's one organization has made last year's two 述职 (duties: else it is overdue).
    last_year = timezone.localdate().year - 1
    for audience in Audience:
        DutyReport.objects.create(
            organization=world.org_b,
            year=last_year,
            audience=audience,
            held_on=datetime.date(last_year, 12, 20),
        )
    page = login("town_b_admin").get(reverse("home")).content.decode()
    assert "目前没有到期或逾期的待办事项" in page
    assert not re.search(r'id="nav-todos"[^<]*<i[^>]*></i> 待办 <span', page)


def test_the_todo_page_lists_every_group_and_pages_through_one(due, login):
    for n in range(30):
        make_case(due.org_a, name=f"逾期{n:02d}", applied_on=TODAY - (40 + n) * DAY)
    client = login("secretary")
    page = client.get(reverse("todos")).content.decode()
    assert "递交申请超过一个月仍未谈话" in page and "连续六个月未交党费的党员" in page
    assert "查看全部 31 项" in page
    first = client.get(reverse("todos") + "?todo=development_talk_overdue")
    assert first.context["page_obj"].paginator.count == 31
    second = client.get(reverse("todos") + "?todo=development_talk_overdue&page=2")
    assert len(second.context["page_obj"].object_list) == 6
    assert client.get(reverse("todos") + "?todo=nothing_like_this").status_code == 404
    assert login("leader").get(reverse("todos")).status_code == 200


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def test_the_home_and_its_counts_cost_the_same_queries_for_few_or_many_items(due, login):
    client = login("district_admin")
    home_queries(client)  # the session's first request writes more
    few = home_queries(client)
    for n in range(20):
        make_case(due.org_a, name=f"更多{n}", applied_on=TODAY - 50 * DAY)
        floating(due.org_b, name=f"流动{n}")
    assert home_queries(client) == few
    # At most one counting query per to-do (34 with the enterprise services) on top of the
    # page's own (session, cards, navigation, data version): a to-do that costs two fails.
    assert few <= len(slot("todos")) + 45


@pytest.mark.django_db(transaction=True)
def test_counts_are_read_once_until_the_data_changes(due, settings):
    settings.PAGE_CACHE_SECONDS = 300
    user = due.user("secretary")
    first = todo_counts(user)
    with CaptureQueriesContext(connection) as captured:
        assert todo_counts(user) == first
    assert len(captured) == 1  # the data version, nothing counted again
    make_case(due.org_a, name="新逾期", applied_on=TODAY - 45 * DAY)
    assert todo_counts(user)["development_talk_overdue"] == first["development_talk_overdue"] + 1


def test_the_work_list_pages_speak_chinese(due, login):
    client = login("secretary")
    for url in (
        reverse("home"),
        reverse("todos"),
        reverse("todos") + "?todo=mobility_open_transfers",
    ):
        assert english_words(client.get(url).content.decode())[0] == set(), url

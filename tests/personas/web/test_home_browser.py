"""The home's work list and the search box in Chromium (issue 14, items 2, 3 and 10): a
district admin finds a member by name; a secretary works through the to-dos on a phone."""

import pytest

from tests.browser import SCREENSHOTS, pytestmark  # noqa: F401
from tests.core.test_home_todos import make_due
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def due(world):
    return make_due(world)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=待办事项")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_district_admin_finds_a_member_by_name_in_the_search_box(live_server, due, page):
    log_in(page, live_server, "district")
    # The bar's seven menus, the search box, 待办 and the account fit one line at 1280 px
    # (a label wrapping into a column of characters pushed every page down by 100 px).
    assert page.evaluate("document.querySelector('nav').getBoundingClientRect().height") < 70
    # A list page draws the bar without counting; the 待办 count arrives after it (htmx).
    expected = page.locator("#nav-todos .badge").inner_text()
    page.goto(f"{live_server.url}/enterprises/")
    badge = page.locator("#nav-todos .badge")
    badge.wait_for(state="visible")
    assert badge.inner_text() == expected and int(expected) > 0
    page.fill("#site-search input[name=q]", "林晓红")
    page.press("#site-search input[name=q]", "Enter")
    page.wait_for_selector("#search-members")
    assert "q=" in page.url  # a name may be in the address: it is reloadable
    members = page.locator("#search-members").inner_text()
    assert "林晓红" in members and due.member_a.id_number_masked in members
    assert "陈建国" not in members
    page.screenshot(path=str(SCREENSHOTS / "liangxin_search.png"), full_page=True)
    page.click("#search-members >> text=林晓红")
    page.wait_for_selector("text=个人信息")
    assert due.member_a_id_number not in page.content()


def test_a_district_admin_finds_a_member_by_id_number_without_it_in_the_address(
    live_server, due, page
):
    log_in(page, live_server, "district")
    number = due.member_a_id_number
    page.fill("#site-search input[name=q]", number)
    page.press("#site-search input[name=q]", "Enter")
    page.wait_for_selector("#search-members")
    assert number not in page.url and number not in page.content()
    assert "林晓红" in page.locator("#search-members").inner_text()


def test_a_secretary_works_through_the_home_to_dos_on_a_phone(live_server, due, page):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "secretary_a")
    groups = page.locator(".todo-group")
    assert groups.count() == 5
    text = page.locator("main").inner_text()
    assert "郑逾期" in text and "冯流动" in text and "孙逾期" not in text
    assert text.index("待办事项") < text.index("市场主体")  # the work before the counters
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_home_phone.png"), full_page=True)

    # The bar folds into the menu button; the 待办 link there carries the count.
    page.click("button.navbar-toggler")
    badge = page.locator("#nav-todos .badge")
    badge.wait_for(state="visible")
    assert badge.inner_text() == "5"
    page.click("button.navbar-toggler")

    # Each item is a whole-width tap target that opens the page where it is done.
    item = page.locator("#todo-development_talk_overdue a.todo-item").first
    box = item.bounding_box()
    assert box["height"] >= 40 and box["width"] >= PHONE["width"] * 0.7
    item.click()
    page.wait_for_url(f"**/development/{due.case_a.public_id}/")
    assert "郑逾期" in page.content()
    assert no_horizontal_scroll(page)

    page.go_back()
    page.click("#todo-mobility_overdue_contacts a.todo-item")
    page.wait_for_url("**/mobility/contacts/new/**")
    assert no_horizontal_scroll(page)

    # The whole list of to-dos, and one of them paged, fit the phone too.
    page.goto(f"{live_server.url}/todos/")
    assert page.locator(".todo-group").count() == 5 and no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/todos/?todo=dues_unpaid_streaks")
    assert "林晓红" in page.locator("main").inner_text() and no_horizontal_scroll(page)


def test_a_secretary_looks_up_a_member_on_a_phone(live_server, due, page):
    """Member lookup at 390 px (issue 14 item 10): the folded bar's search box finds the
    secretary's member by name, masked, and the member's page fits the phone."""
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "secretary_a")
    page.click("button.navbar-toggler")
    box = page.locator("#site-search input[name=q]")
    box.wait_for(state="visible")
    box.fill("林晓红")
    box.press("Enter")
    page.wait_for_selector("#search-members")
    assert no_horizontal_scroll(page)
    members = page.locator("#search-members").inner_text()
    assert "林晓红" in members and due.member_a.id_number_masked in members
    page.click("#search-members >> text=林晓红")
    page.wait_for_selector("text=个人信息")
    assert due.member_a_id_number not in page.content()
    assert no_horizontal_scroll(page)

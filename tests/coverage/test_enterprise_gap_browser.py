"""In Chromium: the town admin closes a coverage gap from the enterprise's page (issue 14,
item 8) and reads the change in its 变更记录 (item 7)."""

from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.enterprises.services import enterprise_update
from tests import factories as f
from tests.browser import SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD


def test_the_town_admin_assigns_an_instructor_from_the_enterprise_page(live_server, world, page):
    bare = f.EnterpriseFactory(name="川姜五金有限公司", region=world.grid_a, employee_count=30)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "town_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav")

    page.goto(f"{live_server.url}/enterprises/{bare.uscc}/")
    gap = page.wait_for_selector("#coverage-gap")
    assert "尚未被党组织覆盖" in gap.inner_text() and "未选派党建指导员" in gap.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "enterprise-gap.png"), full_page=True)

    page.select_option("#gap-assign-instructor select", label=f"{world.instructor.name}（川姜镇）")
    page.click("#gap-assign-instructor button[type=submit]")
    page.wait_for_selector(f"text=已为“{bare.name}”选派党建指导员{world.instructor.name}")
    assert world.instructor.name in page.locator(".card", has_text="党建指导员").first.inner_text()
    page.wait_for_selector("#coverage-gap")  # still not covered by an organization
    assert "未选派党建指导员" not in page.locator("#coverage-gap").inner_text()

    # The organization form opens pre-filled from the same panel.
    page.click("#gap-create-organization")
    page.wait_for_selector("form")
    assert page.input_value("#id_name") == "川姜五金有限公司联合党支部"


def test_the_change_history_loads_when_scrolled_into_view(live_server, world, page):
    # The world is written unaudited (tests/conftest.py): a change made here is the history.
    with audit_context(world.user("town_a_admin"), channel=CHANNEL_WEB):
        enterprise_update(
            actor=world.user("town_a_admin"), enterprise=world.ent_a, data={"employee_count": 150}
        )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "town_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav")
    page.goto(f"{live_server.url}/enterprises/{world.ent_a.uscc}/")
    page.locator("#record-history").scroll_into_view_if_needed()
    entry = page.wait_for_selector("#record-history .history-entry")
    assert "修改" in entry.inner_text() and "150" in entry.inner_text()

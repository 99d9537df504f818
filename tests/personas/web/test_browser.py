"""One real-browser walk through the pages (Debian's Chromium driven by Playwright)."""

from tests.browser import SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD


def test_district_admin_filters_enterprises_and_sees_a_masked_member(live_server, world, page):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "district")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=区级管理员")

    page.goto(f"{live_server.url}/enterprises/")
    page.fill("#id_region", world.town_a.code)
    page.click("button:has-text('筛选')")
    page.wait_for_url(f"**region={world.town_a.code}**")
    table = page.locator("table").inner_text()
    assert world.ent_a.name in table and world.ent_b.name not in table
    page.screenshot(path=str(SCREENSHOTS / "liangxin_enterprise_list.png"), full_page=True)

    page.click(f"text={world.ent_a.name}")
    page.wait_for_selector("text=党组织覆盖")
    page.click(f"text={world.member_a.name}")
    page.wait_for_selector("text=个人信息")

    shown = page.locator("#id-number .pii-value").inner_text()
    assert "*" in shown and shown == world.member_a.id_number_masked
    assert world.member_a_id_number not in page.content()
    page.screenshot(path=str(SCREENSHOTS / "liangxin_member.png"), full_page=True)

    page.click("#id-number button:has-text('显示')")
    page.wait_for_selector(f"#id-number >> text={world.member_a_id_number}")

"""One real-browser walk through the pages (Debian's Chromium driven by Playwright)."""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from
# the test body (fixtures) are still synchronous and safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("LIANGXIN_SCREENSHOTS", "/tmp"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="需要 /usr/bin/chromium（apt-get install chromium fonts-noto-cjk）；CI 会安装",
    ),
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


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

"""The account pages in Debian's Chromium: the system admin creates an account, the
security admin gives it a role and a scope, both on a 390 px wide phone screen."""

import pytest

from liangxin.accounts.models import User
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def log_in(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_create_then_assign_a_scope_on_a_phone(live_server, world, browser):
    admin = log_in(browser, live_server, "sysadmin")
    admin.goto(f"{live_server.url}/accounts/manage/")
    assert fits_the_screen(admin)
    admin.click("text=新建账号")
    admin.fill("#id_username", "clerk")
    admin.fill("#id_display_name", "张办事员")
    admin.click("button:has-text('创建')")
    admin.wait_for_selector("#one-time-password")
    one_time = admin.locator("#one-time-password").inner_text().strip()
    assert User.objects.get(username="clerk").check_password(one_time)
    assert fits_the_screen(admin)
    admin.screenshot(path=str(SCREENSHOTS / "liangxin_account_created.png"), full_page=True)

    security = log_in(browser, live_server, "secadmin")
    security.goto(f"{live_server.url}/accounts/manage/?q=clerk")
    security.click("text=clerk")
    security.click("text=分配角色与数据范围")
    assert fits_the_screen(security)
    security.select_option("#id_role", "town_admin")
    security.fill("[data-filter-for=id_regions]", "开发区")
    # The filter runs on the input event; wait for it rather than read the list at once
    # (on a loaded machine the count was read before the filter had hidden anything).
    security.wait_for_function(
        "document.querySelectorAll('#id_regions option:not([hidden])').length === 2"
    )  # 开发区, 一网格
    security.select_option("#id_regions", label="\u3000开发区（350599200000）")
    security.click("button:has-text('保存')")
    security.wait_for_selector("text=已保存账号 clerk 的角色与数据范围")
    assert "开发区（350599200000）" in security.content()
    assert fits_the_screen(security)
    security.screenshot(path=str(SCREENSHOTS / "liangxin_account_scope.png"), full_page=True)

    clerk = User.objects.get(username="clerk")
    assert clerk.role == "town_admin" and list(clerk.regions.all()) == [world.town_b]

"""The secretary pays dues on a 390 px phone in Chromium: 交纳 opens a dialog with the
amount, the day and the method; 下一步 shows what will be recorded; 确认交纳 saves it and the
row and the summary cards change without a reload."""

import datetime

import pytest

from liangxin.dues.models import DuesMonth, DuesStatus
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark  # noqa: F401
from tests.dues.conftest import base_for, month_for
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(live_server, world):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = chromium.new_context(locale="zh-CN", viewport=PHONE).new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "secretary_a")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        yield page
        chromium.close()


def test_secretary_pays_with_a_confirmation_and_the_cards_update(live_server, world, phone):
    today = datetime.date.today()
    base_for(world.member_a, year=today.year)
    month = month_for(world.member_a, today.year, today.month)
    phone.goto(f"{live_server.url}/dues/?year={today.year}&month={today.month}")
    phone.evaluate("window.notReloaded = true")
    assert phone.locator("[data-summary=paid-count]").inner_text() == "0"
    phone.click(f"#dues-month-{month.pk} >> text=交纳")
    phone.wait_for_selector("#pay-modal.show #id_method")
    phone.click("#pay-modal button:has-text('下一步')")  # no method chosen yet
    phone.wait_for_selector("#pay-modal >> text=请选择交纳方式")
    phone.select_option("#pay-modal #id_method", label="微信")
    phone.click("#pay-modal button:has-text('下一步')")
    confirm = phone.locator("[data-pay-confirm]")
    confirm.wait_for()
    assert "林晓红" in confirm.inner_text() and "微信" in confirm.inner_text()
    assert DuesMonth.objects.get(pk=month.pk).status == DuesStatus.UNPAID
    phone.screenshot(path=str(SCREENSHOTS / "liangxin_dues_confirm_phone.png"))
    phone.click("#pay-modal button:has-text('确认交纳')")
    phone.wait_for_selector("#pay-modal >> text=已登记交纳")
    assert phone.locator("[data-summary=paid-count]").inner_text() == "1"
    assert "已交" in phone.locator(f"#dues-month-{month.pk}").inner_text()
    assert phone.evaluate("window.notReloaded") is True  # the same page, no reload
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.click("#pay-modal button:has-text('关闭')")
    phone.wait_for_selector("#pay-modal", state="hidden")
    paid = DuesMonth.objects.get(pk=month.pk)
    assert (paid.status, paid.method) == (DuesStatus.PAID, "wechat")

"""In a real browser (issue 14, item 1): a secretary sets a member's 党费 base by typing the
pinyin initials of the member's name in the picker and choosing with the keyboard, and
never sees the full ID number on the way (Debian's Chromium driven by Playwright, flags
as in tests/browser.py)."""

from decimal import Decimal

from liangxin.dues.models import DuesBase
from tests.browser import SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD


def test_secretary_picks_a_member_by_pinyin_initials_for_the_dues_base(live_server, world, page):
    bodies = []
    page.on(
        "response",
        lambda response: bodies.append(response.text()) if "/pickers/" in response.url else None,
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "secretary_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/dues/bases/new/")
    control = page.locator(".ts-wrapper input")  # the picker made of the member field
    control.click()
    control.press_sequentially("lxh", delay=50)
    option = page.locator(".ts-dropdown .option", has_text="林晓红")
    option.wait_for()
    shown = option.inner_text()
    assert world.member_a.id_number_masked in shown
    assert "川姜纺织有限公司党支部" in shown
    page.screenshot(path=str(SCREENSHOTS / "liangxin_member_picker.png"), full_page=True)
    control.press("Enter")  # the first option is active: the keyboard chooses it

    assert page.locator(".ts-wrapper .item").inner_text().startswith("林晓红")
    page.select_option("#id_category", "employed")
    page.fill("#id_base", "3000.01")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_load_state("networkidle")

    base = DuesBase.objects.get()
    assert (base.member, base.monthly_amount) == (world.member_a, Decimal("30.00"))
    assert "林晓红" in page.content()
    assert bodies, "the picker asked the server"
    for text in [*bodies, page.content()]:
        assert world.member_a_id_number not in text


def test_district_admin_filters_enterprises_by_a_region_picked_by_initials(
    live_server, world, page
):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "district")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/enterprises/")
    assert "共 3 条" in page.content()
    control = page.locator("#id_region-ts-control")  # Tom Select's box for the region filter
    control.click()
    control.press_sequentially("cjz", delay=50)
    page.locator(".ts-dropdown .option", has_text="川姜镇（350599100000）").wait_for()
    control.press("Enter")
    page.click("button[type=submit]:has-text('筛选')")  # one click: the form stays put
    page.locator("text=开发区机械有限公司").wait_for(state="detached")

    table = page.locator("table").inner_text()
    assert "川姜纺织有限公司" in table and "川姜电子有限公司" in table
    assert "共 2 条" in page.content()
    assert page.locator("#id_region").input_value() == "350599100000"
    page.screenshot(path=str(SCREENSHOTS / "liangxin_region_filter_picker.png"), full_page=True)

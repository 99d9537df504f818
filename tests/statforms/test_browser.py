"""At 390 px in Chromium: a town admin reads the forms, opens a cell's units, creates the
year's return and approves its 镇审核 step (WORK.md §7 StatReturn)."""

from liangxin.statforms.models import ReturnState, StatReturn
from tests.browser import fits_the_screen, phone_as, pytestmark  # noqa: F401


def test_a_return_on_a_phone(live_server, chromium, world):
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/statforms/?as_of=2025-12-31")
    page.wait_for_selector("text=非公有经济控制的企业法人单位建立党的基层组织情况")
    assert fits_the_screen(page)
    page.click("tr[data-row='own'] td[data-col='total'] a")
    page.wait_for_selector("#cell-units")
    assert fits_the_screen(page)
    assert "川姜纺织有限公司" in page.content()
    page.goto(f"{live_server.url}/statforms/returns/")
    page.fill("input[name='as_of']", "2025-12-31")
    page.click("button:has-text('新建年报')")
    page.wait_for_selector("#return-state")
    assert fits_the_screen(page)
    page.click("#return-advance button")
    page.wait_for_selector("text=已完成审核步骤")
    assert StatReturn.objects.get().state == ReturnState.TOWN_REVIEWED

"""At 390 px in Chromium: a town admin records an outcome of a pairing, then a 联席会议 with
its issues, then a workshop's monthly figures (WORK.md §6)."""

import pytest

from liangxin.cobuilding.models import JointMeeting, Outcome, WorkshopFigure
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


@pytest.mark.usefixtures("records")
def test_records_on_a_phone(live_server, chromium, world, records):
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/cobuilding/pairings/{records.p1.pk}/")
    assert fits_the_screen(page)
    page.click("#outcome-create")
    page.wait_for_selector("#cobuilding-form")
    assert fits_the_screen(page)
    page.fill("#id_year", "2025")
    page.select_option("#id_outcome_type", label="投入资金（元）")
    page.fill("#id_value", "-3")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=不能为负数")
    page.fill("#id_value", "150000.55")
    page.screenshot(path=str(SCREENSHOTS / "liangxin_cobuilding_outcome_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记成效")
    assert fits_the_screen(page)
    assert str(Outcome.objects.get(pairing=records.p1).value) == "150000.55"

    page.goto(f"{live_server.url}/cobuilding/alliances/{records.a1.pk}/meetings/new/")
    assert fits_the_screen(page)
    page.fill("#id_topic", "订单共享与用工互助")
    page.fill("#id_issues", "面料供应周期长\n旺季用工缺口")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记联席会议")
    assert fits_the_screen(page)
    assert JointMeeting.objects.get().issues.count() == 2

    page.goto(f"{live_server.url}/cobuilding/workshops/{records.w1.pk}/figures/new/")
    assert fits_the_screen(page)
    page.select_option("#id_month", label="6月")
    page.fill("#id_posts", "15")
    page.fill("#id_on_post", "12")
    page.fill("#id_low_income", "3")
    page.fill("#id_monthly_income_rise", "3100")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记工坊数据")
    assert fits_the_screen(page)
    assert WorkshopFigure.objects.get().on_post == 12

    page.goto(f"{live_server.url}/cobuilding/alliances/{records.a1.pk}/")
    page.wait_for_selector("#no-chair")
    assert fits_the_screen(page)
    page.screenshot(
        path=str(SCREENSHOTS / "liangxin_cobuilding_alliance_phone.png"), full_page=True
    )
    page.goto(f"{live_server.url}/cobuilding/figures/?year=2025")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_cobuilding_figures_phone.png"), full_page=True)


def test_correct_and_delete_on_a_phone(live_server, chromium, world, records):
    """A 联席会议 corrected, then deleted from its edit form after the confirmation; a
    pairing with outcomes refuses to go, in Chinese."""
    from liangxin.cobuilding import services

    meeting = services.meeting_record(
        actor=world.user("town_a_admin"), alliance=records.a1, held_on=records.p1.signed_on,
        topic="季度联席会议", issues=["用工难"],
    )  # fmt: skip
    records.outcome(records.p1, 2024, "岗位", "8")
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/cobuilding/meetings/{meeting.pk}/edit/")
    assert fits_the_screen(page)
    page.fill("#id_topic", "一季度联席会议")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已修改联席会议")
    assert fits_the_screen(page)
    page.goto(f"{live_server.url}/cobuilding/meetings/{meeting.pk}/edit/")
    page.click("#delete-link")
    page.wait_for_selector("#delete-going-too")
    assert fits_the_screen(page)
    page.click("button:has-text('确认删除')")
    page.wait_for_selector("text=已删除联席会议")
    assert not JointMeeting.objects.filter(pk=meeting.pk).exists()

    page.goto(f"{live_server.url}/cobuilding/pairings/{records.p1.pk}/")
    page.click("#delete-link")
    page.wait_for_selector("#delete-blocked")
    assert fits_the_screen(page)
    assert page.locator("button:has-text('确认删除')").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "liangxin_cobuilding_delete_phone.png"), full_page=True)

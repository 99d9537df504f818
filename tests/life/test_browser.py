"""A secretary on a 390 px phone in Chromium records this month's 主题党日 with its sign-in
sheet at the place (阵地) serving her branch, and finds it on the meeting's page and on the
place's page; no page scrolls sideways."""

import pytest
from django.utils import timezone

from liangxin.life.models import Attendance, Meeting
from liangxin.organizations.models import PartyStation
from tests import factories as f
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(live_server, world, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    settings.MEDIA_ROOT = tmp_path
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


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_secretary_records_this_months_theme_day_from_a_phone(live_server, world, phone):
    excused = f.MemberFactory(name="张伟", organization=world.org_a)
    absent = f.MemberFactory(name="王芳", organization=world.org_a)
    centre = PartyStation.objects.create(
        name="川姜镇党群服务中心", level="town_benchmark", region=world.town_a
    )
    centre.organizations.add(world.org_a)
    PartyStation.objects.create(name="开发区党群服务中心", level="area", region=world.town_b)

    phone.goto(f"{live_server.url}/life/")
    assert fits_the_screen(phone)
    phone.click("text=记录会议活动")
    phone.wait_for_selector("text=签到表：川姜纺织有限公司党支部")  # her one branch
    assert fits_the_screen(phone)

    reason = phone.locator(f"#reason-{excused.pk}")
    assert not reason.is_visible()  # shown for 请假 only
    phone.click(f"label[for=presence-{excused.pk}-excused]")
    assert reason.is_visible()
    reason.fill("出差")
    phone.click(f"label[for=presence-{absent.pk}-absent]")

    with phone.expect_response(lambda response: "/life/new/" in response.url):
        phone.select_option("#id_kind", label="主题党日")  # htmx reloads the sheet …
    phone.wait_for_load_state("networkidle")
    assert reason.input_value() == "出差" and reason.is_visible()  # … keeping what was marked
    assert phone.is_checked(f"#presence-{absent.pk}-absent")
    phone.fill("#id_topic", "重温入党誓词")
    stations = phone.locator("#id_station option").all_inner_texts()
    assert "川姜镇党群服务中心" in stations and "开发区党群服务中心" not in stations
    phone.select_option("#id_station", label="川姜镇党群服务中心")
    assert phone.input_value("#id_place") == "川姜镇党群服务中心"  # a blank 地点 is filled
    phone.fill("#id_host", "林晓红")
    assert fits_the_screen(phone)

    phone.click("button:has-text('保存')")
    phone.wait_for_selector("text=已保存")
    assert fits_the_screen(phone)
    text = phone.inner_text("main")
    assert "重温入党誓词" in text and "应到 3 人，实到 1 人，请假 1 人，缺席 1 人" in text
    assert "出差" in text and "活动阵地" in text and "川姜镇党群服务中心" in text
    # A full-page screenshot resizes the page for a moment: taken last, after every click.
    phone.screenshot(path=str(SCREENSHOTS / "liangxin_meeting_phone.png"), full_page=True)

    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.held_on) == ("theme_day", timezone.localdate())
    assert (meeting.station, meeting.place) == (centre, "川姜镇党群服务中心")
    phone.goto(f"{live_server.url}/venues/{centre.pk}/")  # the place's page lists it
    assert "重温入党誓词" in phone.inner_text("#place-meetings")
    assert fits_the_screen(phone)
    rows = dict(Attendance.objects.values_list("member__name", "presence"))
    assert rows == {"林晓红": "present", "张伟": "excused", "王芳": "absent"}

"""On a 390 px phone in Chromium: the secretary uploads the evidence of a rectification and
asks for acceptance; the town closes it. Every page fits the screen."""

import datetime

import pytest

from liangxin.standards import services
from liangxin.standards.models import InspectionKind, Rectification, RectificationState
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n% rectification report\n"


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def phone_as(chromium, live_server, username):
    page = chromium.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_rectification_is_closed_with_evidence_on_a_phone(
    live_server, world, chromium, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    town = world.user("town_a_admin")
    inspection = services.inspection_create(
        actor=town,
        data={
            "kind": InspectionKind.ONSITE,
            "held_on": datetime.date(2026, 11, 20),
            "region": world.town_a,
            "team": "镇党委组织委员",
        },
        targets=[world.org_a],
    )
    rectification = services.rectification_create(
        actor=town,
        inspection=inspection,
        organization=world.org_a,
        text="党员活动室制度未上墙",
        owner="林晓红",
        due_on=datetime.date(2026, 12, 31),
    )
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(PDF)
    url = f"{live_server.url}/standards/rectifications/{rectification.pk}/"

    secretary = phone_as(chromium, live_server, "secretary_a")
    secretary.goto(f"{live_server.url}/standards/")  # a secretary lands on their checklist
    secretary.wait_for_selector("#checklist-items")
    assert fits_the_screen(secretary)
    secretary.screenshot(path=str(SCREENSHOTS / "standards-checklist.png"), full_page=True)
    secretary.goto(url)
    assert fits_the_screen(secretary)
    secretary.click("button:has-text('开始整改')")
    secretary.wait_for_selector("text=已开始整改")
    secretary.set_input_files("#id_file", str(report))
    secretary.click("button:has-text('上传')")
    secretary.wait_for_selector("text=整改报告.pdf")
    secretary.click("button:has-text('申请验收')")
    secretary.wait_for_selector("text=已申请验收")
    assert fits_the_screen(secretary)

    checker = phone_as(chromium, live_server, "town_a")
    checker.goto(url)
    assert fits_the_screen(checker)
    checker.click("button:has-text('验收销号')")
    checker.wait_for_selector("text=已验收销号")
    assert checker.inner_text("#rectification-state") == "已销号"
    assert fits_the_screen(checker)
    checker.screenshot(path=str(SCREENSHOTS / "standards-rectification-closed.png"))
    rectification = Rectification.objects.get(pk=rectification.pk)
    assert rectification.state == RectificationState.CLOSED

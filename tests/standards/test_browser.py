"""On a 390 px phone in Chromium: the secretary uploads the evidence of a rectification and
asks for acceptance; the town closes it. Every page fits the screen."""

import datetime

from liangxin.standards import services
from liangxin.standards.models import InspectionKind, Rectification, RectificationState
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401

PDF = b"%PDF-1.4\n% rectification report\n"


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

"""At 390 px in Chromium: a town admin opens the town's project, sees the overdue milestone,
records its progress (refused without the day it was done, then saved with text evidence)
and the milestone shows as done late (WORK.md §7 LedProject: milestones with progress and
evidence [L:平湖])."""

import pytest

from liangxin.ledprojects.models import Milestone
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.ledprojects.conftest import days


@pytest.mark.usefixtures("records")
def test_records_a_milestones_progress_on_a_phone(live_server, chromium, world, records):
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/ledprojects/{records.town.pk}/")
    page.wait_for_selector(f"#milestone-{records.overdue.pk}.milestone-overdue")
    assert fits_the_screen(page)
    page.click(f"#progress-{records.overdue.pk}")
    page.wait_for_selector("#ledprojects-form")
    assert fits_the_screen(page)
    page.select_option("#id_state", label="已完成")
    page.fill("#id_progress", "全镇 120 家企业摸底完成")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已完成的节点须填写完成日期")
    assert fits_the_screen(page)
    page.fill("#id_done_on", days(-1).isoformat())
    page.fill("#id_evidence", "摸底清单（镇党建办存档）")
    page.screenshot(
        path=str(SCREENSHOTS / "liangxin_ledprojects_progress_phone.png"), full_page=True
    )
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记进展")
    page.wait_for_selector(f"#milestone-{records.overdue.pk}.milestone-late")
    assert fits_the_screen(page)
    saved = Milestone.objects.get(pk=records.overdue.pk)
    assert saved.state == "done" and saved.progress == "全镇 120 家企业摸底完成"
    page.goto(f"{live_server.url}/ledprojects/figures/")
    assert fits_the_screen(page)

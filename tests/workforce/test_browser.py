"""Issue 17, done-when: an instructor logs a visit with a hazard on a 390 px phone in
Chromium (with a photo), the town admin sees the open hazard, the next visit (the day
after) closes it."""

import base64
import datetime

import pytest
from django.utils import timezone

from liangxin.workforce.models import Hazard, Visit
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401

# The smallest valid PNG (1×1): the photo goes through the attachment checks.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def open_visit_form(page, live_server, enterprise_name):
    page.goto(f"{live_server.url}/instructors/work/")
    assert fits_the_screen(page)
    page.locator("#work li", has_text=enterprise_name).get_by_text("记走访").click()
    page.wait_for_selector("#visit-form")
    assert fits_the_screen(page)


def test_a_hazard_found_on_a_phone_reaches_the_town_and_the_next_visit_closes_it(
    live_server, posted, chromium, media
):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    due = today + datetime.timedelta(days=7)
    instructor = phone_as(chromium, live_server, "instructor_a")

    open_visit_form(instructor, live_server, posted.ent_a2.name)
    instructor.fill("#id_visited_on", yesterday.isoformat())
    instructor.select_option("#id_mode", label="实地")
    instructor.fill("#id_topics", "指导组织生活会准备")
    instructor.fill("#id_problems", "党员活动室兼作仓库")
    instructor.check("#id_safety_checked")
    instructor.fill("input[name=hazard_text]", "车间消防通道堆放原料")
    instructor.fill("input[name=hazard_due]", due.isoformat())
    instructor.set_input_files(
        "#id_photos", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}]
    )
    assert fits_the_screen(instructor)
    instructor.screenshot(path=str(SCREENSHOTS / "liangxin_visit_form_phone.png"), full_page=True)
    instructor.click("button:has-text('保存')")
    instructor.wait_for_selector("text=已保存走访记录")
    assert fits_the_screen(instructor)
    first = Visit.objects.get()
    assert (first.enterprise, first.visited_on, first.photos.count()) == (
        posted.ent_a2,
        yesterday,
        1,
    )

    town = phone_as(chromium, live_server, "town_a")
    town.goto(f"{live_server.url}/instructors/visits/")
    assert posted.ent_a2.name in town.inner_text("#visits")
    assert fits_the_screen(town)
    town.goto(f"{live_server.url}/instructors/assignments/")
    assert fits_the_screen(town)
    town.goto(f"{live_server.url}/instructors/hazards/")
    assert "车间消防通道堆放原料" in town.inner_text("#hazard-list")
    assert "整改中" in town.inner_text("#hazard-list")
    assert fits_the_screen(town)

    open_visit_form(instructor, live_server, posted.ent_a2.name)
    instructor.fill("#id_topics", "复查隐患整改")
    instructor.check("#open-hazards input[name=close]")
    instructor.click("button:has-text('保存')")
    instructor.wait_for_selector("text=已保存走访记录")
    hazard = Hazard.objects.get()
    assert hazard.rectified_on == today and hazard.closed_at.visited_on == today

    town.goto(f"{live_server.url}/instructors/hazards/")
    assert "暂无隐患" in town.inner_text("#hazard-list")
    town.goto(f"{live_server.url}/instructors/hazards/?tab=closed")
    assert "车间消防通道堆放原料" in town.inner_text("#hazard-list")
    town.screenshot(path=str(SCREENSHOTS / "liangxin_hazards_phone.png"), full_page=True)

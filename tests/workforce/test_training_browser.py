"""Issue 17 on a 390 px phone in Chromium: a town admin records attendance at a session
and reads the town's training coverage, which names who is missing."""

import datetime
from decimal import Decimal

from django.utils import timezone

from liangxin.workforce.models_people import PartyWorker, Training, WorkerRole
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


def test_a_town_admin_records_attendance_and_sees_who_is_missing_on_a_phone(
    live_server, world, chromium
):
    today = timezone.localdate()
    started = datetime.date(2020, 1, 1)
    li = PartyWorker.objects.create(
        name="李娜", role=WorkerRole.PART_TIME, region=world.grid_a, started_on=started
    )
    PartyWorker.objects.create(
        name="周敏", role=WorkerRole.FULL_TIME, region=world.area_a, started_on=started
    )
    training = Training.objects.create(
        title="党建工作实务专题培训",
        level="town",
        organizer="川姜镇党委",
        region=world.town_a,
        starts_on=today,
        ends_on=today,
        hours=Decimal("8"),
    )
    admin = phone_as(chromium, live_server, "town_a")
    admin.goto(f"{live_server.url}/instructors/trainings/")
    assert fits_the_screen(admin)
    admin.get_by_text("党建工作实务专题培训").click()
    admin.wait_for_selector("#attendance-form")
    assert fits_the_screen(admin)
    picker = admin.locator("#attendance-form .ts-wrapper input")  # the workers' picker
    picker.click()
    picker.press_sequentially("ln", delay=50)  # 李娜 by pinyin initials
    admin.locator(".ts-dropdown .option", has_text="李娜").wait_for()
    picker.press("Enter")
    picker.press("Escape")
    admin.fill("#id_hours", "6")
    admin.click("#attendance-form button[type=submit]")
    admin.wait_for_selector("text=已登记参训 1 人")
    assert admin.locator("#attendance").inner_text().count("李娜") == 1
    assert fits_the_screen(admin)
    assert training.attendance.get().worker == li
    assert training.attendance.get().hours == Decimal("6")

    for path in (f"trainings/{training.pk}/import/", "trainings/people/", "trainings/initial/"):
        admin.goto(f"{live_server.url}/instructors/{path}")
        assert fits_the_screen(admin), path

    admin.goto(f"{live_server.url}/instructors/trainings/coverage/")
    admin.wait_for_selector("#coverage")
    assert fits_the_screen(admin)
    assert admin.locator("#coverage-share").inner_text() == "50.0%"
    missing = admin.locator("#missing").inner_text()
    assert "周敏" in missing and "李娜" not in missing
    admin.screenshot(path=str(SCREENSHOTS / "liangxin_training_coverage_phone.png"), full_page=True)

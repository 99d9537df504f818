"""Issue 17 on a 390 px phone in Chromium: the worker reports progress on their 工作清单 and
the admin's worker list fits the screen."""

import pytest

from liangxin.workforce.services_workers import worklist_create, worklist_issue
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.workforce.test_workers_fixtures import ITEMS, THIS_YEAR, add_workers


@pytest.fixture
def issued(world):
    add_workers(world)
    admin = world.user("town_a_admin")
    made = worklist_create(actor=admin, worker=world.worker, year=THIS_YEAR, items=ITEMS)
    world.work_list = worklist_issue(actor=admin, work_list=made)
    return world


def test_the_worker_updates_progress_on_a_phone_and_the_admin_list_fits(
    live_server, issued, chromium
):
    worker = phone_as(chromium, live_server, "instructor_a")
    worker.goto(f"{live_server.url}/instructors/worklists/")
    worker.get_by_text("王指导").click()
    worker.wait_for_selector("#items")
    assert fits_the_screen(worker)
    first = issued.work_list.items.first()
    row = worker.locator(f"#item-{first.pk}")
    row.locator("input[name=progress]").fill("100")
    row.locator("input[name=evidence]").fill("全年开展组织生活指导12次")
    row.get_by_role("button", name="更新").click()
    worker.wait_for_selector("text=已更新进度")
    assert "全年开展组织生活指导12次" in worker.inner_text(f"#item-{first.pk}")
    assert worker.inner_text("#score") == "40.0"
    assert fits_the_screen(worker)
    worker.screenshot(path=str(SCREENSHOTS / "liangxin_worklist_phone.png"), full_page=True)
    first.refresh_from_db()
    assert first.progress == 100

    town = phone_as(chromium, live_server, "town_a")
    town.goto(f"{live_server.url}/instructors/workers/")
    assert "王指导" in town.inner_text("#workers")
    assert fits_the_screen(town)
    town.screenshot(path=str(SCREENSHOTS / "liangxin_workers_phone.png"), full_page=True)
    town.goto(f"{live_server.url}/instructors/worklists/")
    assert fits_the_screen(town)
    town.goto(f"{live_server.url}/instructors/workers/stations/")
    assert fits_the_screen(town)
    town.goto(f"{live_server.url}/instructors/assessments/")
    assert "王指导" in town.inner_text("#assessments")
    assert fits_the_screen(town)
    town.goto(f"{live_server.url}/instructors/worklists/{issued.work_list.pk}/")
    assert "按清单得分完成考核" in town.inner_text("body")
    assert fits_the_screen(town)


def test_the_town_issues_a_list_of_more_items_than_the_blank_rows_on_a_phone(
    live_server, world, chromium
):
    add_workers(world)
    town = phone_as(chromium, live_server, "town_a")
    town.goto(f"{live_server.url}/instructors/worklists/new/")
    town.select_option("#id_worker", value=str(world.worker.pk))
    rows = town.locator("#worklist-rows .item-row")
    blank = rows.count()
    town.click("#add-item")  # one more row than the page brought, without a reload
    assert rows.count() == blank + 1
    titles = [f"事项{number}" for number in range(1, blank + 2)]
    weights = [10] * blank + [100 - 10 * blank]  # summing to 100
    for row, title, weight in zip(rows.all(), titles, weights, strict=True):
        row.locator("input[name=item_title]").fill(title)
        row.locator("input[name=item_weight]").fill(str(weight))
    assert fits_the_screen(town)
    town.get_by_role("button", name="保存草稿").click()
    town.wait_for_url("**/worklists/*/")
    made = world.worker.work_lists.get()
    assert list(made.items.values_list("title", flat=True)) == titles

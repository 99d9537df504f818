"""Issue 17: on a 390 px phone in Chromium a town admin updates a partner task's progress and
records a placement's outcome; the group's page, the groups' list and the pool fit the screen."""

import datetime

from django.utils import timezone

from liangxin.workforce.models_people import (
    PartnerGroup,
    PartnerTask,
    PartyWorker,
    Placement,
    PoolEntry,
    PoolState,
)
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


def a_group(world) -> PartnerGroup:
    leader = PartyWorker.objects.create(
        name="陈静",
        role="full_time",
        full_time=True,
        pioneer_craftsman=True,
        region=world.town_a,
        started_on=datetime.date(2020, 1, 1),
    )
    group = PartnerGroup.objects.create(
        name="陈静先锋工匠党建合伙人小组",
        leader=leader,
        region=world.town_a,
        year=timezone.localdate().year,
    )
    group.members.add(
        PartyWorker.objects.create(
            name="林晓红", role="secretary", region=world.grid_a, started_on=leader.started_on
        )
    )
    return group


def test_a_task_progress_updated_on_a_phone(live_server, world, chromium):
    group = a_group(world)
    task = PartnerTask.objects.create(
        group=group, kind="project", title="“红色工匠”技能传帮带项目", progress=20
    )
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/instructors/partners/")
    assert "陈静先锋工匠党建合伙人小组" in page.inner_text("#partners")
    assert "少于 10 人" in page.inner_text("#partners")  # one secretary: warned
    assert fits_the_screen(page)
    page.click("text=陈静先锋工匠党建合伙人小组")
    page.wait_for_selector("#tasks")
    assert "缺少任务：党建课题、党建品牌、党员骨干" in page.inner_text("#missing-kinds")
    assert fits_the_screen(page)
    page.locator(f"#tasks li:has(#task-form-{task.pk}) summary").click()
    page.fill(f"#id_t{task.pk}-progress", "65")
    page.fill(f"#id_t{task.pk}-evidence", "已开班2期，结业38人")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_partner_task_phone.png"), full_page=True)
    page.click(f"#task-form-{task.pk} button[type=submit]")
    page.wait_for_selector("text=已更新任务进度")
    assert page.inner_text(f"#task-{task.pk}-progress") == "65%"
    bar = page.locator(f"#tasks li:has(#task-form-{task.pk}) .progress-bar")
    assert bar.evaluate("element => element.getBoundingClientRect().width") > 100  # 65% drawn
    task.refresh_from_db()
    assert (task.progress, task.evidence) == (65, "已开班2期，结业38人")
    page.goto(f"{live_server.url}/instructors/pool/")
    assert fits_the_screen(page)
    page.goto(f"{live_server.url}/instructors/pool/figures/")
    assert fits_the_screen(page)


def test_a_placement_outcome_recorded_on_a_phone(live_server, world, chromium):
    # [L:丹东] 红色见面会: hired, then into management; management alone is refused.
    entry = PoolEntry.objects.create(
        name="许文静", region=world.town_a, channel="external", entered_on=datetime.date(2026, 1, 5)
    )
    placed = Placement.objects.create(
        entry=entry,
        enterprise=world.ent_a,
        event="2026年红色见面会",
        recommended_on=datetime.date(2026, 3, 15),
    )
    entry.state = PoolState.RECOMMENDED
    entry.save()
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/instructors/pool/")
    page.click("text=许文静")
    page.wait_for_selector("#placements")
    assert fits_the_screen(page)
    page.check(f"#id_p{placed.pk}-in_management")
    page.click(f"#outcome-{placed.pk} button[type=submit]")
    page.wait_for_selector("text=未录用的人才不能进入管理层")
    assert fits_the_screen(page)
    page.check(f"#id_p{placed.pk}-hired")
    page.check(f"#id_p{placed.pk}-in_management")
    page.click(f"#outcome-{placed.pk} button[type=submit]")
    page.wait_for_selector("text=已保存录用情况")
    assert page.inner_text("#entry-state") == "已任用"
    page.screenshot(path=str(SCREENSHOTS / "liangxin_pool_entry_phone.png"), full_page=True)
    placed.refresh_from_db()
    assert placed.hired and placed.in_management

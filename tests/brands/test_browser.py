"""On a 390 px phone in Chromium: a secretary opens an overdue node of their organization's
标杆 project, records its progress with a photo, and sees the project's progress move.
Every page fits the screen."""

import datetime

from django.utils import timezone

from liangxin.brands import services
from liangxin.brands.models import NodeState, ProjectNode
from tests.brands.conftest import TIERS
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_secretary_records_node_progress_on_a_phone(
    live_server, world, chromium, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    programme = services.programme_create(
        actor=world.user("district_admin"),
        data={
            "name": "151标杆创建工程",
            "region": world.district,
            "start_year": 2026,
            "end_year": 2028,
            "source": "[L:平湖]",
        },
        tiers=TIERS,
    )
    project = services.project_create(
        actor=world.user("town_a_admin"),
        programme=programme,
        tier=programme.tiers.get(name="行业标杆"),
        organization=world.org_a,
        plan="一企一方案：阵地提升、品牌培育、观摩验收",
        owner="林晓红",
    )
    late = services.node_add(
        actor=world.user("town_a_admin"),
        project=project,
        title="党员活动室改造",
        owner="林晓红",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    services.node_add(
        actor=world.user("town_a_admin"),
        project=project,
        title="观摩验收",
        owner="林晓红",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    photo = tmp_path / "活动室.png"
    photo.write_bytes(PNG)

    phone = phone_as(chromium, live_server, "secretary_a")
    phone.goto(f"{live_server.url}/brands/nodes/?overdue=1")
    phone.wait_for_selector("#nodes")
    assert fits_the_screen(phone)
    phone.click("text=党员活动室改造")
    phone.wait_for_selector("#progress-form")
    assert fits_the_screen(phone)
    phone.select_option("#id_state", NodeState.DONE)
    phone.fill("#id_note", "活动室已改造完成，制度上墙")
    phone.set_input_files("#id_files", str(photo))
    phone.click("button:has-text('保存进展')")
    phone.wait_for_selector("text=已更新进展")
    assert phone.inner_text("#node-state") == "已完成"
    assert "活动室.png" in phone.inner_text("#evidence")
    assert fits_the_screen(phone)
    phone.screenshot(path=str(SCREENSHOTS / "brands-node-progress.png"), full_page=True)

    phone.goto(f"{live_server.url}/brands/projects/{project.pk}/")
    assert "节点 1/2（50%）" in phone.inner_text("body")
    assert fits_the_screen(phone)
    late = ProjectNode.objects.get(pk=late.pk)
    assert late.state == NodeState.DONE and late.evidence.count() == 1

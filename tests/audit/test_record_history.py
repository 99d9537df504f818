"""The 变更记录 panel of a detail page (issue 14, item 7): the change history the import
result promises ("每条被修改的记录在变更历史中都注明了本任务编号"), per record, for those
who edit it: who, when, field labels, old → new, related records by name, personal data
masked as on the page, and nothing for those who may not edit the record or cannot see it."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from liangxin.audit.history import SALT
from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.enterprises.services import enterprise_update
from liangxin.members.services import member_update
from tests import factories as f
from tests.ledger.helpers import csv_bytes

pytestmark = pytest.mark.django_db


def panel_url(client, page_url: str) -> str:
    response = client.get(page_url)
    assert response.status_code == 200
    url = response.context.get("history_url")
    if url:  # the page loads the panel from that URL when it comes into view
        assert f'hx-get="{url}"' in response.content.decode()
        assert 'hx-trigger="revealed"' in response.content.decode()
    return url


def history_text(client, page_url: str) -> str:
    url = panel_url(client, page_url)
    assert url, "the page offers no change history"
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def enterprise_page(enterprise) -> str:
    return reverse("enterprises:detail", args=[enterprise.uscc])


def test_an_edit_shows_who_what_and_related_records_by_name(world, login):
    admin = world.user("town_a_admin")
    other_grid = f.region("CJ-A1-02", "川姜二网格", "grid", world.area_a)
    with audit_context(admin, channel=CHANNEL_WEB):
        enterprise_update(
            actor=admin,
            enterprise=world.ent_a,
            data={"employee_count": 150, "region": other_grid, "status": "preparing"},
        )
    text = history_text(login("town_a_admin"), enterprise_page(world.ent_a))
    assert "修改" in text and admin.display_name in text and "镇/园区管理员" in text
    assert "职工人数：</span><del>120</del> → 150" in text
    # The region by its name, not its id; the status by its label, not its code.
    assert "<del>川姜一网格</del> → 川姜二网格" in text
    assert f"<del>{world.grid_a.pk}</del>" not in text and f"→ {other_grid.pk}<" not in text
    assert "筹建" in text and "preparing" not in text
    assert "页面" in text  # the channel


def test_a_record_outside_the_readers_scope_is_not_named(world, login):
    """Moved from town A to the park: the park's admin sees the move, not town A's grid."""
    admin = world.user("district_admin")
    with audit_context(admin, channel=CHANNEL_WEB):
        enterprise_update(actor=admin, enterprise=world.ent_a2, data={"region": world.grid_b})
    text = history_text(login("town_b_admin"), enterprise_page(world.ent_a2))
    assert "开发区一网格" in text and "（不在您管辖范围内的记录）" in text
    assert "川姜一网格" not in text


def test_member_history_shows_masked_numbers_only(world, login):
    admin = world.user("town_a_admin")
    with audit_context(admin, channel=CHANNEL_WEB):
        member_update(actor=admin, member=world.member_a, data={"phone": "13905950000"})
    text = history_text(
        login("secretary"), reverse("members:detail", args=[world.member_a.public_id])
    )
    assert "139****0000" in text and "13905950000" not in text
    assert world.member_a_id_number not in text
    assert world.member_a.id_number_masked in text  # the creation: the masked number only
    assert "_digest" not in text and "_cipher" not in text and "cipher" not in text


def test_after_an_import_the_record_names_the_import(world, login):
    from liangxin.ledger.framework import ImportContext
    from liangxin.ledger.models import ImportJob
    from liangxin.ledger.pipeline import run_import

    headers = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
    rows = [headers, [world.ent_a.uscc, "川姜纺织集团", "CJ-A1-01", "在营", "150"]]
    importer = world.user("town_a_admin")
    job = ImportJob.objects.create(user=importer, kind="enterprises", file_name="企业.csv")
    ctx = ImportContext(user=importer, file_name="企业.csv", job_id=job.pk)
    result = run_import(
        kind_name="enterprises", data=csv_bytes(rows), file_name="企业.csv", ctx=ctx
    )
    assert result.updated == 1, result

    text = history_text(login("district_admin"), enterprise_page(world.ent_a))
    assert f"台账导入任务 #{job.pk}（企业.csv）" in text and "台账导入" in text
    assert "<del>川姜纺织有限公司</del> → 川姜纺织集团" in text
    assert importer.display_name in text


@pytest.mark.parametrize("persona", ["leader", "instructor"])
def test_roles_that_may_not_edit_get_no_panel(world, login, persona):
    """The leader sees the enterprise, the instructor their assigned one; neither edits."""
    enterprise = world.ent_a2
    client = login(persona)
    assert panel_url(client, enterprise_page(enterprise)) is None
    url = panel_url(login("district_admin"), enterprise_page(enterprise))
    assert client.get(url).status_code == 403


def test_outside_the_scope_the_panel_does_not_exist(world, login, statuses):
    url = panel_url(login("town_a_admin"), enterprise_page(world.ent_a))
    found = statuses(url)
    assert found["town_a_admin"] == 200 and found["district_admin"] == 200
    assert found["town_b_admin"] == 404 and found["outsider"] == 404
    assert found["secretary"] == 403  # sees the enterprise, does not edit enterprises
    assert found["system_admin"] == 404 and found["audit_admin"] == 404


def test_a_forged_reference_does_not_exist(world, login):
    """The record reference is signed: changing it, or naming another record, is a 404."""
    forged = signing.dumps(["enterprises.enterprise", world.ent_a.pk, "enterprises"], salt="x")
    client = login("district_admin")
    assert client.get(reverse("audit-history", args=[forged])).status_code == 404
    assert client.get(reverse("audit-history", args=["abc:def"])).status_code == 404
    # A correctly signed reference to a record outside the reader's scope: 404 too.
    other = signing.dumps(["enterprises.enterprise", world.ent_b.pk, "enterprises"], salt=SALT)
    assert login("town_a_admin").get(reverse("audit-history", args=[other])).status_code == 404


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("regions", lambda w: reverse("regions:detail", args=[w.grid_a.code])),
        ("organizations", lambda w: reverse("organizations:detail", args=[w.org_a.code])),
        ("members", lambda w: reverse("members:detail", args=[w.member_a.public_id])),
        ("instructors", lambda w: reverse("instructors:detail", args=[w.instructor.public_id])),
    ],
)
def test_every_registry_detail_page_has_the_panel(world, login, name, page):
    text = history_text(login("town_a_admin"), page(world))
    assert "新增" in text  # the record's creation, at least


def test_an_instructors_enterprises_outside_the_scope_are_counted_not_named(world, login):
    from liangxin.workforce.services import instructor_update

    admin = world.user("district_admin")
    with audit_context(admin, channel=CHANNEL_WEB):
        instructor_update(
            actor=admin,
            instructor=world.instructor,
            data={"enterprises": [world.ent_a2, world.ent_b]},
        )
    page = reverse("instructors:detail", args=[world.instructor.public_id])
    text = history_text(login("town_a_admin"), page)
    assert "另有 1 个不在您管辖范围内的记录" in text and "开发区机械有限公司" not in text
    assert "开发区机械有限公司" in history_text(login("district_admin"), page)

"""Every registry's changes through pages and the API reach the change history (issue 12:
region edits never did — Region was not registered with django-auditlog)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from liangxin.regions.models import Region

pytestmark = pytest.mark.django_db


def updates(instance):
    return LogEntry.objects.get_for_object(instance).filter(action=LogEntry.Action.UPDATE)


def test_region_page_edit_is_in_the_history(world, login, audit_page):
    data = {"code": world.grid_a.code, "name": "川姜第一网格", "kind": "grid"}
    response = login("town_a_admin").post(reverse("regions:edit", args=[world.grid_a.code]), data)
    assert response.status_code == 302
    entry = updates(world.grid_a).get()
    assert entry.changes_dict["name"] == ["川姜一网格", "川姜第一网格"]
    assert entry.actor == world.user("town_a_admin") and entry.additional_data["channel"] == "web"
    page = audit_page("?actor=town_a")
    assert "川姜一网格" in page and "川姜第一网格" in page


def test_region_page_create_is_in_the_history(world, login):
    data = {"code": "CJ-A1-09", "name": "川姜九网格", "kind": "grid", "parent": world.area_a.code}
    login("town_a_admin").post(reverse("regions:create"), data)
    region = Region.objects.get(code="CJ-A1-09")
    entry = LogEntry.objects.get_for_object(region).get(action=LogEntry.Action.CREATE)
    assert entry.actor == world.user("town_a_admin")


@pytest.mark.parametrize(
    ("kind", "key", "body"),
    [
        ("regions", lambda w: w.grid_a.code, {"name": "川姜第一网格"}),
        ("enterprises", lambda w: w.ent_a.uscc, {"name": "川姜纺织集团"}),
        ("organizations", lambda w: w.org_a.code, {"name": "川姜纺织集团党支部"}),
        ("members", lambda w: w.member_a.public_id, {"education": "bachelor"}),
        ("instructors", lambda w: w.instructor.public_id, {"name": "王指导员"}),
    ],
)
def test_api_edits_of_every_registry_are_in_the_history(world, client_as, kind, key, body):
    before = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count()
    response = client_as("district_admin").patch(
        f"/api/v1/{kind}/{key(world)}/", body, format="json"
    )
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).order_by("-id").first()
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count() == before + 1
    assert entry.actor == world.user("district_admin")
    assert entry.additional_data["channel"] == "api"
    assert set(body) <= set(entry.changes_dict)


def test_foreign_keys_are_shown_by_name(world, login, audit_page):
    """An enterprise moved to another grid shows the grids' names, not their ids."""
    from liangxin.core.audit import CHANNEL_WEB, audit_context
    from liangxin.enterprises.services import enterprise_update

    admin = world.user("district_admin")
    with audit_context(admin, channel=CHANNEL_WEB):
        enterprise_update(actor=admin, enterprise=world.ent_a, data={"region": world.grid_b})
    page = audit_page("?act=update&actor=district")
    assert "川姜一网格" in page and "开发区一网格" in page
    assert f">{world.grid_a.pk}<" not in page and f"{world.grid_a.pk} →" not in page

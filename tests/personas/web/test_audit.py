"""The audit log page: audit admin only, newest first, filters, read-only."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.services import enterprise_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(login, world):
    """A page edit by town A's admin, then an unmask by the district admin."""
    data = {
        "uscc": world.ent_a.uscc,
        "name": "川姜纺织集团",
        "category": "enterprise",
        "region": world.grid_a.code,
        "status": "operating",
        "employee_count": "150",
    }
    login("town_a_admin").post(reverse("enterprises:edit", args=[world.ent_a.uscc]), data)
    login("district_admin").post(
        reverse("members:reveal", args=[world.member_a.public_id, "phone"])
    )
    return world


def audit_page(login, query=""):
    response = login("audit_admin").get(reverse("audit") + query)
    assert response.status_code == 200
    return response


def test_page_write_shows_who_channel_and_before_after(login, edited):
    text = audit_page(login, "?actor=town_a").content.decode()
    assert "town_a" in text and "页面" in text
    assert "川姜纺织有限公司" in text and "川姜纺织集团" in text
    assert "120" in text and "150" in text
    assert "district" not in text.split("<tbody>")[1]


def test_newest_first_and_act_filter(login, edited):
    entries = audit_page(login).context["object_list"]
    assert entries[0].action == LogEntry.Action.ACCESS
    unmasks = audit_page(login, "?act=unmask").context["object_list"]
    assert [e.additional_data["event"] for e in unmasks] == ["unmask"]
    assert "查看明文" in audit_page(login, "?act=unmask").content.decode()
    updates = audit_page(login, "?act=update").context["object_list"]
    assert updates and {e.action for e in updates} == {LogEntry.Action.UPDATE}


def test_model_and_date_filters(login, edited):
    enterprise_type = ContentType.objects.get_for_model(Enterprise)
    rows = audit_page(login, f"?content_type={enterprise_type.pk}").context["object_list"]
    assert rows and all(e.content_type_id == enterprise_type.pk for e in rows)
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    assert not audit_page(login, f"?since={tomorrow:%Y-%m-%d}").context["object_list"]


def test_command_writes_show_their_channel(login, world):
    actor = world.user("district_admin")
    with audit_context(actor, channel=CHANNEL_COMMAND):
        enterprise_update(actor=actor, enterprise=world.ent_b, data={"name": "改名"})
    assert "命令行" in audit_page(login, "?actor=district").content.decode()


def test_page_is_read_only(login, edited):
    assert login("audit_admin").post(reverse("audit")).status_code == 405
    text = audit_page(login).content.decode()
    assert text.count('method="post"') == 1  # the logout form in the user menu


def test_other_personas_get_not_found_even_with_filters(login, edited):
    for persona in ["district_admin", "system_admin", "leader"]:
        response = login(persona).get(reverse("audit") + "?actor=town_a")
        assert response.status_code == 404

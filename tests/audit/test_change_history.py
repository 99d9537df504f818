"""Change history (django-auditlog): who, when, before/after, through which channel."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liangxin.core.audit import (
    CHANNEL_API,
    CHANNEL_COMMAND,
    CHANNEL_WEB,
    audit_context,
    record_unmask,
)
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.services import enterprise_update
from liangxin.members.models import Member
from liangxin.members.services import member_update
from tests.factories import EnterpriseFactory


def entries_for(instance):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_pk=str(instance.pk)
    ).order_by("timestamp", "id")


@pytest.mark.django_db
class TestChangeHistory:
    def test_update_records_actor_channel_and_before_after(self, world):
        admin = world.user("town_a_admin")
        with audit_context(admin, channel=CHANNEL_WEB, remote_addr="10.0.0.8"):
            enterprise_update(actor=admin, enterprise=world.ent_a, data={"employee_count": 150})
        entry = entries_for(world.ent_a).filter(action=LogEntry.Action.UPDATE).last()
        assert entry.actor == admin
        assert entry.remote_addr == "10.0.0.8"
        assert entry.additional_data["channel"] == CHANNEL_WEB
        assert entry.changes_dict["employee_count"] == ["120", "150"]

    def test_channel_names_the_api(self, world):
        admin = world.user("district_admin")
        with audit_context(admin, channel=CHANNEL_API):
            enterprise_update(
                actor=admin, enterprise=world.ent_b, data={"name": "开发区重工有限公司"}
            )
        entry = entries_for(world.ent_b).last()
        assert entry.additional_data["channel"] == CHANNEL_API
        assert entry.changes_dict["name"] == ["开发区机械有限公司", "开发区重工有限公司"]

    def test_nested_context_keeps_the_outer_channel(self, world):
        admin = world.user("district_admin")
        with (
            audit_context(admin, channel=CHANNEL_API),
            audit_context(None, channel=CHANNEL_COMMAND),
        ):
            enterprise_update(actor=admin, enterprise=world.ent_b, data={"employee_count": 81})
        entry = entries_for(world.ent_b).last()
        assert entry.actor == admin and entry.additional_data["channel"] == CHANNEL_API

    def test_creation_is_logged(self, world):
        # The world is written unaudited (tests/conftest.py): a record created here.
        enterprise = EnterpriseFactory(name="川姜新材料有限公司", region=world.grid_a)
        assert entries_for(enterprise).filter(action=LogEntry.Action.CREATE).exists()

    def test_member_history_shows_masked_values_only(self, world):
        admin = world.user("town_a_admin")
        old_number = world.member_a_id_number
        with audit_context(admin, channel=CHANNEL_WEB):
            member_update(
                actor=admin,
                member=world.member_a,
                data={"phone": "13905950000", "joined_on": datetime.date(2010, 6, 30)},
            )
        entry = entries_for(world.member_a).filter(action=LogEntry.Action.UPDATE).last()
        assert "phone_masked" in entry.changes_dict
        assert "id_number_cipher" not in entry.changes_dict
        assert "phone_cipher" not in entry.changes_dict
        assert "13905950000" not in str(entry.changes) and old_number not in str(entry.changes)

    def test_unmasking_is_logged_as_an_access(self, world):
        secretary = world.user("secretary")
        record_unmask(secretary, world.member_a, field="id_number", remote_addr="10.1.1.1")
        entry = entries_for(world.member_a).filter(action=LogEntry.Action.ACCESS).get()
        assert entry.actor == secretary
        assert entry.additional_data["unmasked_field"] == "id_number"
        assert world.member_a_id_number not in str(entry.changes) + entry.changes_text

    def test_registry_models_are_all_registered(self):
        from auditlog.registry import auditlog

        for model in (Enterprise, Member):
            assert auditlog.contains(model)

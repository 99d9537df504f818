"""API writes are attributed to the token's user and the API channel."""

import pytest
from auditlog.models import LogEntry

from liangxin.enterprises.models import Enterprise
from tests.personas.api.test_personas import VALID_USCC


@pytest.mark.django_db
def test_create_is_logged_with_actor_and_channel(world, client_as):
    body = {"uscc": VALID_USCC, "name": "川姜新材料有限公司", "region": "CJ-A1-01"}
    response = client_as("town_a_admin").post("/api/v1/enterprises/", body, format="json")
    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(uscc=VALID_USCC)
    entry = LogEntry.objects.get_for_object(enterprise).get(action=LogEntry.Action.CREATE)
    assert entry.actor == world.user("town_a_admin")
    assert entry.additional_data["channel"] == "api"
    assert entry.additional_data["path"] == "/api/v1/enterprises/"


@pytest.mark.django_db
def test_update_is_logged_with_actor_and_channel(world, client_as):
    url = f"/api/v1/members/{world.member_a.public_id}/"
    response = client_as("secretary").patch(url, {"education": "bachelor"}, format="json")
    assert response.status_code == 200, response.content
    entry = (
        LogEntry.objects.get_for_object(world.member_a).filter(action=LogEntry.Action.UPDATE).get()
    )
    assert entry.actor == world.user("secretary")
    assert entry.additional_data["channel"] == "api"
    assert "education" in entry.changes_dict


@pytest.mark.django_db
def test_refused_write_logs_nothing(world, client_as):
    client = client_as("leader")  # issuing the token is an audited act of its own
    before = LogEntry.objects.count()
    url = f"/api/v1/enterprises/{world.ent_a.uscc}/"
    assert client.patch(url, {"name": "x"}, format="json").status_code == 403
    assert LogEntry.objects.count() == before

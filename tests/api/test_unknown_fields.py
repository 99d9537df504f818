"""Every write of the API refuses a field it does not have, in Chinese (400), and writes nothing.

DRF drops unknown keys, so a misspelt field or one the API does not write (a member's
``abroad`` before it had a write path) answered 200 and changed nothing. The check is
one mixin (liangxin.api.serializers.RefuseUnknownFields) under every body serializer;
this test walks every POST, PUT and PATCH of the served schema, so an endpoint added
without it fails here.
"""

import pytest
from auditlog.models import LogEntry

from tests.personas.api.test_schemathesis import real_key, records, schema  # noqa: F401

WRITES = [
    (path, method.upper())
    for path, item in schema.raw_schema["paths"].items()
    for method in ("post", "put", "patch")
    if method in item
]
UNKNOWN = {"colour": "red", "未知字段": 1}


def test_every_writable_endpoint_is_walked():
    # The walk is not empty, and reaches each kind of write: create, update and actions.
    methods = {method for _, method in WRITES}
    assert methods == {"POST", "PUT", "PATCH"}
    assert any(path.endswith("/pay/") for path, _ in WRITES)
    assert len(WRITES) >= 20


@pytest.mark.parametrize(("path", "method"), WRITES, ids=[f"{m} {p}" for p, m in WRITES])
def test_unknown_fields_are_refused_in_chinese(records, client_as, path, method):  # noqa: F811
    client = client_as("district_admin")
    url = path.format(**real_key(client, path))
    before = LogEntry.objects.count()
    response = getattr(client, method.lower())(url, UNKNOWN, format="json")
    assert response.status_code == 400, response.content
    message = " ".join(response.json()["non_field_errors"])
    assert "不支持的字段" in message
    assert "colour" in message and "未知字段" in message
    assert LogEntry.objects.count() == before  # nothing written


@pytest.mark.django_db
def test_a_known_field_beside_an_unknown_one_is_not_written(world, client_as):
    url = f"/api/v1/members/{world.member_a.public_id}/"
    body = {"education": "bachelor", "educaton": "master"}
    response = client_as("secretary").patch(url, body, format="json")
    assert response.status_code == 400
    assert "educaton" in response.json()["non_field_errors"][0]
    world.member_a.refresh_from_db()
    assert world.member_a.education != "bachelor"


@pytest.mark.django_db
def test_read_only_fields_sent_back_are_known(world, client_as):
    """A record read and sent back whole (with its read-only fields) is still accepted."""
    client = client_as("secretary")
    url = f"/api/v1/members/{world.member_a.public_id}/"
    record = client.get(url).json()
    response = client.patch(url, {**record, "education": "bachelor"}, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_the_message_lists_the_fields_that_can_be_sent(world, client_as):
    response = client_as("district_admin").post(
        "/api/v1/enterprises/", {"colour": "red"}, format="json"
    )
    message = response.json()["non_field_errors"][0]
    assert message.startswith("不支持的字段：colour。可提交的字段：")
    assert "uscc" in message and "name" in message

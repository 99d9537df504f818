import pytest
from auditlog.models import LogEntry


@pytest.fixture
def login(client, world):
    def as_persona(persona):
        client.force_login(world.user(persona))
        return client

    return as_persona


@pytest.fixture
def events():
    """The record_event rows' keys, oldest first."""

    def read(action=None):
        rows = LogEntry.objects.filter(additional_data__event__isnull=False).order_by("id")
        keys = [(row.additional_data["event"], row) for row in rows]
        return [row for key, row in keys if action is None or key == action]

    return read

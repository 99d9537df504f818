import pytest
from django.test import Client

ALL_PERSONAS = [
    "district_admin",
    "town_a_admin",
    "town_b_admin",
    "secretary",
    "instructor",
    "leader",
    "outsider",
    "system_admin",
    "audit_admin",
]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def login(world):
    """``login("town_a_admin")`` → a test client with that persona's session."""

    def client_for(persona: str) -> Client:
        client = Client()
        client.force_login(world.user(persona), backend=MODEL_BACKEND)
        return client

    return client_for


@pytest.fixture
def statuses(login):
    """The status code each persona gets for one request: {persona: code}."""

    def collect(url: str, *, method: str = "get", data=None) -> dict:
        return {
            persona: getattr(login(persona), method)(url, data or {}).status_code
            for persona in ALL_PERSONAS
        }

    return collect


def expect(default: int, **overrides: int) -> dict:
    return {persona: overrides.get(persona, default) for persona in ALL_PERSONAS}

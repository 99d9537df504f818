"""Persona clients and response checks shared by every test folder (pages and API)."""

import re

from rest_framework.test import APIClient

from tests.factories import api_token

CJK = re.compile(r"[\u4e00-\u9fff]")
# The business personas of ARCHITECTURE.md example 9 (tests/conftest.py world), then the
# administrators the pages are also tried with.
PERSONAS = [
    "district_admin",
    "town_a_admin",
    "town_b_admin",
    "secretary",
    "instructor",
    "leader",
    "outsider",
]
ALL_PERSONAS = [*PERSONAS, "system_admin", "audit_admin"]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def messages(detail) -> list[str]:
    """Every message string in a DRF error body, however nested."""
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in messages(value)]
    return [str(detail)]


def assert_chinese_error(response, field: str | None = None) -> list[str]:
    assert response.status_code == 400, response.content
    body = response.json()
    if field is not None:
        assert field in body, body
        body = body[field]
    found = messages(body)
    assert found and all(CJK.search(m) for m in found), found
    return found


def expect(default: int, **overrides: int) -> dict:
    return {persona: overrides.get(persona, default) for persona in ALL_PERSONAS}

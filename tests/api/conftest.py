"""API test helpers: clients for each persona, authenticated the way scripts do it (token)."""

import re

import pytest
from rest_framework.test import APIClient

from tests.factories import api_token

CJK = re.compile(r"[\u4e00-\u9fff]")


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def client_as(world):
    """``client_as("town_a_admin")``: an API client holding that persona's token."""
    clients = {}

    def make(persona: str) -> APIClient:
        if persona not in clients:
            clients[persona] = token_client(world.user(persona))
        return clients[persona]

    return make


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

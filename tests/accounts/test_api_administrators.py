"""三员分立 on the API: the three administrators' tokens and sessions get nothing from any
business endpoint (403 before any record is looked up). The walk covers every route the
schema generator finds under /api/v1/, so a new endpoint is walked too."""

import re

import pytest
from auditlog.models import LogEntry
from drf_spectacular.generators import EndpointEnumerator
from rest_framework.test import APIClient

from tests.factories import api_token

ADMINS = ("system_admin", "security_admin", "audit_admin")
PARAM = re.compile(r"\{(\w+)\}")


def business_endpoints() -> list[tuple[str, str]]:
    endpoints = EndpointEnumerator().get_api_endpoints()
    found = [(path, method) for path, _regex, method, _view in endpoints]
    return [(path, method) for path, method in found if path.startswith("/api/v1/")]


def concrete(path: str, world) -> str:
    """A path with real keys of the world where the name says which (else a dummy)."""
    values = {
        "code": world.town_a.code,
        "uscc": world.ent_a.uscc,
        "public_id": str(world.member_a.public_id),
        "key": "overdue",
    }
    return PARAM.sub(lambda m: values.get(m.group(1), "1"), path)


def call(client, method: str, path: str):
    return getattr(client, method.lower())(path, {}, format="json")


@pytest.fixture
def token_client(world):
    def make(persona):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(world.user(persona))}")
        return client

    return make


def test_the_walk_finds_the_business_endpoints():
    paths = {path for path, _ in business_endpoints()}
    assert {"/api/v1/members/", "/api/v1/enterprises/", "/api/v1/stats/coverage/"} <= paths
    assert len(paths) > 30


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ADMINS)
def test_every_business_endpoint_refuses_an_administrator_token(world, token_client, persona):
    # Fault: an administrator's token read empty-but-200 lists, and some endpoints
    # (IsAuthenticated only) answered them at all; now every one is a 403.
    client = token_client(persona)
    rows_before = LogEntry.objects.count()
    answers = {
        (method, path): call(client, method, concrete(path, world)).status_code
        for path, method in business_endpoints()
    }
    wrong = {key: status for key, status in answers.items() if status != 403}
    assert wrong == {}
    assert LogEntry.objects.count() == rows_before  # nothing written, nothing unmasked


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ADMINS)
def test_every_business_list_refuses_an_administrator_session(world, persona):
    client = APIClient()
    client.force_login(world.user(persona))
    for path, method in business_endpoints():
        if method == "GET":
            response = client.get(concrete(path, world))
            assert response.status_code == 403, path
            assert response.json()["detail"] == "您的角色不使用业务数据"


@pytest.mark.django_db
def test_the_same_walk_reads_data_with_a_business_token(world, token_client):
    """The walk can fail: a district admin's token reads the same lists."""
    client = token_client("district_admin")
    lists = [p for p, m in business_endpoints() if m == "GET" and "{" not in p]
    assert all(client.get(path).status_code == 200 for path in lists)

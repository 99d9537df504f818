"""The API answers as its OpenAPI schema says: schemathesis, in-process, no network.

One test per operation of the schema served at /api/schema/ (test_schema.py
checks that the served schema is this one). Requests go to the WSGI application
inside the test's transaction, as the district admin (token) over the ``world``
personas' data; writes are fuzzed too and roll back with the test. Each
response must:

- not be a 5xx (``not_a_server_error``),
- have a documented status code and content type,
- match the documented schema of that status code.

Bounded and deterministic (derandomized Hypothesis, no example database), so
that ``make test`` stays quick and a failure repeats. To go deeper:

    SCHEMATHESIS_MAX_EXAMPLES=200 SCHEMATHESIS_PHASES=examples,fuzzing,coverage \\
        .venv/bin/python -m pytest -n 2 tests/api/test_schemathesis.py
"""

import datetime
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from liangxin.core.audit import CHANNEL_API, audit_context
from liangxin.coverage.worklists import WORK_LISTS
from liangxin.life.models import Meeting
from liangxin.mobility.models import DualManagementAgreement
from liangxin.mobility.services import inflow_register
from liangxin.posts.models import PostAssignment, Team, TeamMembership
from tests import factories as f
from tests.clients import token_client
from tests.development.conftest import make_case
from tests.dues.conftest import base_for, month_for
from tests.mobility.conftest import contact, floating, letter
from tests.requests.test_api import a_request

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
PHASES = os.environ.get("SCHEMATHESIS_PHASES", "examples,fuzzing").split(",")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "seed": 20240612,
        "phases": {
            phase: {"enabled": phase in PHASES}
            for phase in ("examples", "fuzzing", "coverage", "stateful")
        },
        # Valid and invalid input both: the invalid must end in a documented 4xx.
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
    }
)

# The schema as SpectacularAPIView builds it for /api/schema/; generated at
# collection because parametrize needs the operations before any database exists.
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)


@pytest.fixture
def app():
    # Built per test, so that pytest-django's settings fixture reaches its middleware.
    # The real handler closes "old" connections at the start and end of every request,
    # and a connection inside the test's transaction looks old (autocommit off): on
    # PostgreSQL that closed it mid-test. Django's own test client unhooks the same
    # receiver for the same reason.
    # The test client reconnects the receiver after each of its requests, hence around
    # every call, not once.
    application = get_wsgi_application()

    def app_in_test_transaction(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            # The body is read inside, so request_finished (fired on close) is unhooked too.
            response = application(environ, start_response)
            body = b"".join(response)
            getattr(response, "close", lambda: None)()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return app_in_test_transaction


@pytest.fixture
def records(world):
    """One record of each kind the world lacks, so that lists and details answer with data."""
    day = datetime.date(2025, 3, 3)
    make_case(world.org_a, name="赵申请", employer=world.ent_a)
    base_for(world.member_a)
    month_for(world.member_a, 2025, 1)
    month_for(world.member_b, 2025, 2, status="paid")
    away = floating(world.org_a, name="甲流动", place="厦门市思明区", since=day)
    contact(away, day, method="visit")
    letter(world.member_b, issued_on=day, to_name="外地党支部")
    arrived = f.MemberFactory(organization=world.org_a, flow_type="inflow", name="乙流入")
    DualManagementAgreement.objects.create(
        member=arrived, number="双管-1", signed_on=day, home_organization_name="某村党支部"
    )
    with audit_context(world.user("district_admin"), channel=CHANNEL_API):
        inflow_register(
            actor=world.user("district_admin"),
            data={
                "id_number": f.id_number(),
                "name": "丙流入",
                "source": "police",
                "registered_on": day,
                "region": world.grid_a,
            },
        )
    PostAssignment.objects.create(
        member=world.member_a,
        organization=world.org_a,
        kind="vanguard_post",
        title="先锋岗",
        started_on=day,
    )
    team = Team.objects.create(
        name="先锋队", kind="vanguard_team", organization=world.org_a, formed_on=day
    )
    TeamMembership.objects.create(team=team, member=world.member_a, joined_on=day)
    Meeting.objects.create(
        organization=world.org_a, kind="theme_day", held_on=day, topic="主题党日"
    )
    a_request(world)
    return world


@pytest.fixture
def authorization(records) -> str:
    """The district admin's Authorization header, issued as scripts get theirs."""
    return token_client(records.user("district_admin"))._credentials["HTTP_AUTHORIZATION"]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # The world fixture is built once per operation, not per example, on purpose:
    # examples share it (and what earlier examples wrote) inside the test's transaction.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_documented(case, app, authorization):
    case.call_and_validate(app=app, headers={"Authorization": authorization}, checks=CHECKS)


READS = [path for path, item in schema.raw_schema["paths"].items() if "get" in item]
# Keys no list gives out.
KNOWN_KEYS = {"/api/v1/worklists/{key}/": next(iter(WORK_LISTS))}


def real_key(client, path: str) -> dict:
    """``{name: value}`` for a ``/x/{name}/…`` path: the first record ``/x/`` lists."""
    if "{" not in path:
        return {}
    collection, rest = path.split("{", 1)
    name = rest.split("}", 1)[0]
    if path in KNOWN_KEYS:
        return {name: KNOWN_KEYS[path]}
    rows = client.get(collection).json()["results"]
    assert rows, f"{collection} lists nothing: seed a record in the records fixture"
    return {name: str(rows[0][name])}


@pytest.mark.parametrize("path", READS)
def test_each_read_of_real_records_answers_as_documented(path, app, authorization, client_as):
    """Fuzzed keys mostly miss: every GET also runs once over the seeded records (lists
    with rows, details of an existing record), each answer checked against the schema."""
    parameters = real_key(client_as("district_admin"), path)
    case = schema[path]["GET"].Case(path_parameters=parameters)
    response = case.call_and_validate(
        app=app, headers={"Authorization": authorization}, checks=CHECKS
    )
    assert response.status_code == 200, response.text

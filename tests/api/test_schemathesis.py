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

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_client

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
    return get_wsgi_application()


@pytest.fixture
def authorization(world) -> str:
    """The district admin's Authorization header, issued as scripts get theirs."""
    return token_client(world.user("district_admin"))._credentials["HTTP_AUTHORIZATION"]


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

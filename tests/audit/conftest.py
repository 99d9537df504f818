"""Audit tests: the persona fixtures of the pages and the API, ledger jobs run inline."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import build_world

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(db):
    """The shared world written audited: here its records' creation is what is read (the
    record history panels, the chain); elsewhere it is written unaudited (tests/conftest)."""
    return build_world()


@pytest.fixture(autouse=True)
def jobs_run_inline(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


def events(act: str):
    return LogEntry.objects.filter(additional_data__event=act).order_by("id")


@pytest.fixture
def audit_page(login):  # noqa: F811
    """``audit_page("?act=login")`` → the audit admin's page text (status 200 checked)."""

    def get(query: str = "", path: str | None = None) -> str:
        response = login("audit_admin").get((path or reverse("audit")) + query)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    return get

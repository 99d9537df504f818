"""SQLite has one writer: while a big import commits, other writes fail with "database is
locked". The user gets a Chinese "try again" page (503, Retry-After), not the error page."""

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from liangxin.enterprises.models import Enterprise
from liangxin.ledger.models import ImportJob, JobStatus
from tests.web.conftest import MODEL_BACKEND

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writer_holding_the_lock(world):
    """Another connection in the middle of a write transaction (an import committing)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL writers wait for row locks, not for the whole database")
    other = connections.create_connection("default")
    other.ensure_connection()
    raw = other.connection  # sqlite3, in autocommit: BEGIN and ROLLBACK are ours

    def hold():
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE enterprises_enterprise SET name = name WHERE id = ?", [world.ent_a.pk])

    yield hold
    if raw.in_transaction:
        raw.execute("ROLLBACK")
    other.close()


def test_a_cancel_while_the_database_is_locked_asks_to_try_again(world, writer_holding_the_lock):
    user = world.user("town_a_admin")
    job = ImportJob.objects.create(user=user, kind="enterprises", status=JobStatus.RUNNING)
    client = Client(raise_request_exception=False)
    client.force_login(user, backend=MODEL_BACKEND)
    writer_holding_the_lock()
    response = client.post(reverse("ledger:job-cancel", args=[job.pk]))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "数据库正忙" in response.content.decode() and "没有保存" in response.content.decode()


def test_an_api_write_while_the_database_is_locked_answers_503_in_chinese(
    world, writer_holding_the_lock
):
    token, _ = Token.objects.get_or_create(user=world.user("district_admin"))
    client = Client(raise_request_exception=False, headers={"Authorization": f"Token {token.key}"})
    enterprise = Enterprise.objects.get(pk=world.ent_a.pk)
    writer_holding_the_lock()
    response = client.patch(
        f"/api/v1/enterprises/{enterprise.uscc}/",
        {"employee_count": 99},
        content_type="application/json",
    )
    assert response.status_code == 503
    assert "数据库正忙" in response.json()["detail"]


def test_other_faults_still_get_the_error_page(world, monkeypatch):
    from liangxin.ledger import views

    def broken(*args, **kwargs):
        raise RuntimeError("a fault")

    user = world.user("town_a_admin")
    job = ImportJob.objects.create(user=user, kind="enterprises", status=JobStatus.RUNNING)
    monkeypatch.setattr(views.services, "job_cancel", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user, backend=MODEL_BACKEND)
    response = client.post(reverse("ledger:job-cancel", args=[job.pk]))
    assert response.status_code == 500 and "系统出现错误" in response.content.decode()

"""SQLite has one writer: while a big import commits, other writes fail with "database is
locked". The user gets a Chinese "try again" page (503, Retry-After), not the error page;
a page the user only reads is shown, its session renewal put off (core/sessions.py)."""

import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liangxin.core import sessions
from liangxin.enterprises.models import Enterprise
from liangxin.ledger.models import ImportJob, JobStatus
from tests.clients import MODEL_BACKEND
from tests.factories import api_token

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

    def release():
        if raw.in_transaction:
            raw.execute("ROLLBACK")

    hold.release = release
    yield hold
    release()
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
    token = api_token(world.user("district_admin"))
    client = Client(raise_request_exception=False, headers={"Authorization": f"Token {token}"})
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


# --- reading while an import writes ------------------------------------------------------


@pytest.fixture(autouse=True)
def renewals_not_put_off(monkeypatch):
    """Each test starts with no renewal put off, and leaves none for the next one."""
    monkeypatch.setattr(sessions, "_renewals_put_off_until", 0.0)


def _stored_session(client) -> dict:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).get_decoded()


def test_a_page_read_while_the_database_is_locked_is_shown_without_renewing(
    world, writer_holding_the_lock
):
    """Only the once-a-minute session renewal would write: it is put off to a later click
    instead of turning a page the user only reads into 'try again' (503)."""
    client = Client(raise_request_exception=False)
    client.force_login(world.user("town_a_admin"), backend=MODEL_BACKEND)
    writer_holding_the_lock()
    response = client.get(reverse("ledger:home"))
    assert response.status_code == 200 and "台账" in response.content.decode()
    assert "_touched" not in _stored_session(client)  # not written: the import holds the lock


def test_pages_read_soon_after_do_not_wait_for_the_lock_again(world, writer_holding_the_lock):
    client = Client(raise_request_exception=False)
    client.force_login(world.user("town_a_admin"), backend=MODEL_BACKEND)
    writer_holding_the_lock()
    client.get(reverse("ledger:home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("ledger:home")).status_code == 200
    tried = [q["sql"] for q in queries if "busy_timeout" in q["sql"] or "BEGIN" in q["sql"]]
    assert not tried  # the renewal did not try the lock again (nor wait for it)


def test_the_renewal_put_off_is_made_by_a_click_after_the_pause(
    world, writer_holding_the_lock, monkeypatch
):
    client = Client(raise_request_exception=False)
    client.force_login(world.user("town_a_admin"), backend=MODEL_BACKEND)
    writer_holding_the_lock()
    client.get(reverse("ledger:home"))
    writer_holding_the_lock.release()  # the import has committed
    monkeypatch.setattr(sessions, "_renewals_put_off_until", time.monotonic() - 1)  # pause over
    response = client.get(reverse("ledger:home"))
    assert response.status_code == 200
    assert "_touched" in _stored_session(client)


@pytest.mark.parametrize(
    "changed_first", [False, True], ids=["renewed-then-changed", "changed-first"]
)
def test_a_session_change_besides_the_renewal_is_not_dropped_while_busy(
    world, writer_holding_the_lock, changed_first
):
    """Anything else in the session (here a value a view put there) must be saved or fail
    as every write does while busy: the 503 'try again', not Django's 'session interrupted'."""
    from django.db import OperationalError

    from liangxin.core.sessions import SessionStore

    store = SessionStore()
    store["kept"] = "before"
    store.create()
    session = SessionStore(store.session_key)
    if changed_first:
        session["kept"] = "after"
        session.renew(1)
    else:
        session.renew(1)
        session["kept"] = "after"
    writer_holding_the_lock()
    with pytest.raises(OperationalError, match="is locked"):
        session.save()
    writer_holding_the_lock.release()
    assert SessionStore(store.session_key).load()["kept"] == "before"
    session.save()
    assert SessionStore(store.session_key).load()["kept"] == "after"


def test_a_renewal_waits_only_a_moment_then_the_connection_waits_as_before(
    world, writer_holding_the_lock
):
    from liangxin.core.sessions import SessionStore

    store = SessionStore()
    store.create()
    session = SessionStore(store.session_key)
    session.renew(1)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
    writer_holding_the_lock()
    session.save()  # put off, no error
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == before  # the other writes still wait the full timeout
    assert "_touched" not in SessionStore(store.session_key).load()

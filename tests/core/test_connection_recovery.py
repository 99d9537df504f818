"""After PostgreSQL drops a connection, the site and the job worker recover on their own (issue 12).

Before: the next request answered 500 (the persistent connection was dead and
nobody looked) and ``db_worker`` exited on the OperationalError. Now
CONN_HEALTH_CHECKS pings a reused connection at the start of a request and
replaces a dead one, and ``db_worker`` / ``run_scheduler`` close a lost
connection and try again with backoff. The backend is killed from a second
connection with ``pg_terminate_backend``, as a server restart would.
"""

import io

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection
from django.test import Client

from liangxin.ledger import services, tasks
from liangxin.ledger.management.commands import db_worker
from liangxin.ledger.models import ImportJob, JobStatus
from tests.ledger.helpers import csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server to drop a connection: PostgreSQL only")


@pytest.fixture(autouse=True)
def persistent_connections():
    """As deployed (DB_CONN_MAX_AGE, 60 s by default): a connection outlives its request."""
    saved = dict(connection.settings_dict)
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.close()  # the next connection is opened with that age
    yield
    connection.settings_dict.update(saved)
    connection.close()


HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
ROW = ["91350100M000100Y43", "新建科技有限公司", "CJ-A1-01", "在营", "12"]


def terminate_this_connection() -> None:
    """Kill the server side of this thread's connection, from another connection."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def serve(path: str, cookie: str) -> str:
    """One request as the WSGI server makes it (the test client skips the request
    signals that close or check old connections)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    status = {}
    response = WSGIHandler()(environ, lambda code, headers, exc_info=None: status.update(code=code))
    response.close()
    return status["code"]


@pytest.fixture
def session_cookie(world):
    client = Client()
    client.force_login(world.user("town_a_admin"))
    return "; ".join(f"{key}={morsel.value}" for key, morsel in client.cookies.items())


def test_the_next_request_after_a_dropped_connection_answers_200(session_cookie):
    assert serve("/", session_cookie).startswith("200")
    before = connection.connection.info.backend_pid  # kept between requests (CONN_MAX_AGE)
    terminate_this_connection()
    assert serve("/", session_cookie).startswith("200")
    assert connection.connection.info.backend_pid != before  # a new connection served it


def queued_import(world) -> ImportJob:
    job = services.import_job_create(
        user=world.user("town_a_admin"),
        kind="enterprises",
        file_name="a.csv",
        data=csv_bytes([HEADERS, ROW]),
        store=True,
    )
    tasks.start(tasks.run_import_job, job)
    return job


def test_the_worker_survives_a_dropped_connection_and_runs_the_next_job(
    world, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = queued_import(world)
    waits = []
    monkeypatch.setattr(db_worker.Worker, "sleep", staticmethod(waits.append))
    check = db_worker.interrupt_stale_jobs

    def check_then_lose_the_connection():  # the loop itself meets the dead connection
        check()
        if not waits:
            terminate_this_connection()

    monkeypatch.setattr(db_worker, "interrupt_stale_jobs", check_then_lose_the_connection)
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False  # nothing else repairs it
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert waits == [1.0]  # one failure, one backoff, then the loop ran again
    job.refresh_from_db()
    assert (job.status, job.created) == (JobStatus.DONE, 1)


def test_the_scheduler_survives_a_dropped_connection(world, monkeypatch):
    from liangxin.core.management.commands import run_scheduler

    waits = []
    monkeypatch.setattr(run_scheduler.time, "sleep", waits.append)
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    terminate_this_connection()
    call_command("run_scheduler", "--once")
    assert waits == [1]

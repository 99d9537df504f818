"""Shared fixtures: a small world with the personas of ARCHITECTURE.md example 9."""

import datetime
import os
from dataclasses import dataclass

import pytest
from auditlog.context import disable_auditlog
from django.test import Client
from rest_framework.test import APIClient

from tests import factories as f
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.clients import ALL_PERSONAS, MODEL_BACKEND, PERSONAS, token_client  # noqa: F401


@dataclass
class World:
    district: object
    town_a: object
    area_a: object
    grid_a: object
    town_b: object
    grid_b: object
    other_root: object
    ent_a: object
    ent_a2: object
    ent_b: object
    org_a: object
    group_a: object
    org_b: object
    member_a: object
    member_b: object
    instructor: object
    member_a_id_number: str
    users: dict

    def user(self, name):
        return self.users[name]


def migrations_skipped_on_sqlite() -> bool:
    """On SQLite (the quick run, under 15 minutes) the test database's tables are made from the
    models, not by the migrations: rendering the migrations' states took ~55 s of every xdist
    worker's start. PostgreSQL (production) keeps running every migration, and `make lint`
    checks that the models and the migrations agree (makemigrations --check)."""
    return _is_sqlite() and os.environ.get("LIANGXIN_TEST_MIGRATIONS") != "1"


@pytest.fixture(scope="session")
def django_db_use_migrations(request) -> bool:
    if request.config.getvalue("nomigrations"):
        return False
    return not migrations_skipped_on_sqlite()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_use_migrations, django_db_blocker, tmp_path_factory):
    """Without the migrations, their data steps (default rubrics, templates, kinds, rules) run
    alone, in the migrations' order, on the tables made from the models; the result is kept as
    a file for the tests whose commands run as real processes (``migrated_sqlite``)."""
    if not django_db_use_migrations:
        with django_db_blocker.unblock():
            graph = migration_graph()
            with disable_auditlog():  # as in a migration: historical models are not audited
                run_data_migrations(graph)
            save_sqlite_template(graph, tmp_path_factory.getbasetemp() / TEMPLATE_NAME)


TEMPLATE_NAME = "migrated.sqlite3"


def migration_graph():
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    disabled, settings.MIGRATION_MODULES = settings.MIGRATION_MODULES, {}
    try:
        return MigrationLoader(None, ignore_no_migrations=True).graph
    finally:
        settings.MIGRATION_MODULES = disabled


def run_data_migrations(graph) -> None:
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.operations import RunPython

    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("liangxin.")}
    done = set()
    editor = SimpleNamespace(connection=connection)  # what the data steps read of it
    for leaf in sorted(graph.leaf_nodes()):
        for key in graph.forwards_plan(leaf):
            if key in done or key[0] not in ours:
                continue
            done.add(key)
            for operation in graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, editor)


def save_sqlite_template(graph, path) -> None:
    """The test database as a file, every migration recorded as applied (the tables are the
    models', which `makemigrations --check` holds equal to the migrations' end state): what
    ``migrate --fake`` would leave, so a command run on a copy finds nothing pending."""
    import sqlite3

    from django.db import connection
    from django.utils import timezone

    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        applied = timezone.now().isoformat()
        with target:
            target.execute(
                'CREATE TABLE IF NOT EXISTS "django_migrations" ("id" integer NOT NULL PRIMARY'
                ' KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL,'
                ' "applied" datetime NOT NULL)'
            )
            target.executemany(
                'INSERT INTO "django_migrations" ("app", "name", "applied") VALUES (?, ?, ?)',
                [(app, name, applied) for app, name in sorted(graph.nodes)],
            )
    finally:
        target.close()


def pytest_collection_modifyitems(items):
    """A test that runs a command on a copy of the test database needs that database made
    even when it is the only test selected (pytest-django creates the databases that the
    selected tests' django_db marks name; without one, the copy had no tables)."""
    for item in items:
        if "migrated_sqlite" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def migrated_sqlite(django_db_setup, tmp_path_factory):
    """``make(path)``: a migrated SQLite database file at ``path`` for a command run as a real
    process — a copy of the test database's file when SQLite's tables came from the models
    (a second ~60 s migration saved), else ``manage.py migrate`` into it."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    template = tmp_path_factory.getbasetemp() / TEMPLATE_NAME
    root = Path(__file__).resolve().parent.parent

    def make(path: Path, env: dict) -> None:
        if template.exists():
            shutil.copyfile(template, path)
            return
        manage = [sys.executable, str(root / "manage.py"), "migrate", "-v0"]
        subprocess.run(manage, env=env, cwd=root, check=True, timeout=600)

    return make


@pytest.fixture(scope="session", autouse=True)
def serial_live_server():
    """The live server answers one request at a time, and a test's flush waits for the
    request in hand. On SQLite its request threads would share the one in-memory connection:
    two at once made SQLite fail ("bad parameter or other API misuse", "database table is
    locked"); on PostgreSQL the flush's TRUNCATE deadlocked with a page's late request (the
    to-do badge) still reading. Django's server tells the browser to close each connection
    when it is not threaded, so nothing waits on a kept-alive one."""
    import threading

    from django.core.servers.basehttp import WSGIServer
    from django.db import connections
    from django.test import TransactionTestCase
    from django.test.testcases import LiveServerThread

    in_hand = threading.Lock()

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # the thread itself holds the connections

        def process_request(self, request, client_address):
            with in_hand:
                super().process_request(request, client_address)

        def close_request(self, request):
            connections.close_all()  # as Django's threaded server does after each request
            super().close_request(request)

    flush = TransactionTestCase._fixture_teardown

    def flush_between_requests(self):
        with in_hand:
            flush(self)

    LiveServerThread.server_class = SerialWSGIServer
    TransactionTestCase._fixture_teardown = flush_between_requests


def _is_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    # The world is every test's given, not a change under test: writing it unaudited
    # halves its cost (the audit entries and their chain links), which most tests pay.
    with disable_auditlog():
        return build_world()


def build_world() -> World:
    district = f.region("350599", "示范区", "county")
    town_a = f.region("350599100000", "川姜镇", "town", district)
    area_a = f.region("CJ-A1", "川姜一片区", "area", town_a)
    grid_a = f.region("CJ-A1-01", "川姜一网格", "grid", area_a)
    town_b = f.region("350599200000", "开发区", "park", district)
    grid_b = f.region("KF-01", "开发区一网格", "grid", town_b)
    other_root = f.region("360100", "外区", "county")

    ent_a = f.EnterpriseFactory(name="川姜纺织有限公司", region=grid_a, employee_count=120)
    ent_a2 = f.EnterpriseFactory(name="川姜电子有限公司", region=grid_a, employee_count=40)
    ent_b = f.EnterpriseFactory(name="开发区机械有限公司", region=grid_b, employee_count=80)

    org_a = f.organization("ORG-A", "川姜纺织有限公司党支部", region=grid_a, covers=[ent_a])
    group_a = f.organization(
        "ORG-A-G1", "第一党小组", region=grid_a, kind="group", formation="single", parent=org_a
    )
    org_b = f.organization("ORG-B", "开发区机械有限公司党支部", region=grid_b, covers=[ent_b])

    number_a = f.id_number("350503", datetime.date(1980, 1, 15), male=False)
    member_a = f.MemberFactory(
        name="林晓红", organization=org_a, employer=ent_a, id_number_value=number_a
    )
    member_b = f.MemberFactory(name="陈建国", organization=org_b, employer=ent_b)
    instructor = f.InstructorFactory(name="王指导", region=town_a, enterprises=[ent_a2])

    users = {
        "district_admin": f.account("district", "district_admin", regions=[district]),
        "town_a_admin": f.account("town_a", "town_admin", regions=[town_a]),
        "town_b_admin": f.account("town_b", "town_admin", regions=[town_b]),
        "secretary": f.account("secretary_a", "secretary", organizations=[org_a]),
        "instructor": f.account("instructor_a", "instructor"),
        "leader": f.account("leader", "leader", regions=[district]),
        "outsider": f.account("outsider", "town_admin", regions=[other_root]),
        "system_admin": f.account("sysadmin", "system_admin"),
        "security_admin": f.account("secadmin", "security_admin"),
        "audit_admin": f.account("auditor", "audit_admin"),
    }
    users["system_admin"].is_staff = True
    users["system_admin"].save()
    instructor.user = users["instructor"]
    instructor.save()
    return World(
        district=district,
        town_a=town_a,
        area_a=area_a,
        grid_a=grid_a,
        town_b=town_b,
        grid_b=grid_b,
        other_root=other_root,
        ent_a=ent_a,
        ent_a2=ent_a2,
        ent_b=ent_b,
        org_a=org_a,
        group_a=group_a,
        org_b=org_b,
        member_a=member_a,
        member_b=member_b,
        instructor=instructor,
        member_a_id_number=number_a,
        users=users,
    )


# Persona clients for pages (session) and the API (token), used by every folder.
@pytest.fixture
def client_as(world):
    """``client_as("town_a_admin")``: an API client holding that persona's token."""
    clients = {}

    def make(persona: str) -> APIClient:
        if persona not in clients:
            clients[persona] = token_client(world.user(persona))
        return clients[persona]

    return make


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


@pytest.fixture
def chromium():
    """Debian's Chromium (tests.browser), for tests that open several pages or contexts."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page():
    """A Chromium page (tests.browser: the flags, and the marks a browser test takes)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()

"""Cached registry lists never show data older than the last commit, nor another user's page.

Tests that exercise the cache itself run outside a test transaction
(``transaction=True``): inside one, nothing is stored, because uncommitted
writes could reach a cached answer.
"""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from liangxin.core import data_version, page_cache
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.services import enterprise_update
from liangxin.ledger.models import ImportJob
from tests.clients import MODEL_BACKEND
from tests.factories import api_token

LIST = "/enterprises/"
API_LIST = "/api/v1/enterprises/"


@pytest.fixture(autouse=True)
def empty_page_cache():
    caches[page_cache.CACHE_ALIAS].clear()
    yield
    caches[page_cache.CACHE_ALIAS].clear()


def browser(user) -> Client:
    """A client like a browser after its first page: session and CSRF cookie set."""
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    client.get(reverse("home"))  # every page's logout form sets the CSRF cookie
    assert "csrftoken" in client.cookies
    return client


def api_client(user) -> Client:
    return Client(headers={"Authorization": f"Token {api_token(user)}"})


def stored_entries() -> int:
    return len(caches[page_cache.CACHE_ALIAS]._cache)


def rename(enterprise_pk: int, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE enterprises_enterprise SET name = %s WHERE id = %s", [name, enterprise_pk]
        )


# --- the version ----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_versioned_table_has_its_trigger():
    assert data_version.missing_triggers() == []
    assert "enterprises_enterprise" in data_version.versioned_tables()
    assert "members_member" in data_version.versioned_tables()


@pytest.mark.django_db(transaction=True)
def test_an_app_that_registered_its_tables_is_versioned_without_a_central_edit(world):
    """The standards app registers versioned_apps from its AppConfig: a checklist item
    edited is a new version, so a cached page showing it is not served again."""
    import importlib

    from django.apps import apps

    from liangxin.standards.models import ChecklistItem

    assert "standards" in data_version.versioned_apps()
    assert "standards_checklistitem" in data_version.versioned_tables()
    if not ChecklistItem.objects.exists():  # a live-server test before emptied the database
        seeding = importlib.import_module("liangxin.standards.migrations.0002_default_templates")
        seeding.seed(apps, None)
    before = data_version.current()
    item = ChecklistItem.objects.first()
    ChecklistItem.objects.filter(pk=item.pk).update(text=item.text + "（改）")
    assert data_version.current() != before


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_changes_the_version_whatever_wrote_it(world):
    before = data_version.current()
    rename(world.ent_a.pk, "原始SQL改名有限公司")  # raw SQL, as a restore script would
    after_sql = data_version.current()
    world.member_a.name = "林晓红改"
    world.member_a.save(update_fields=["name"])
    after_orm = data_version.current()
    assert len({before, after_sql, after_orm}) == 3


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_version(world):
    before = data_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        rename(world.ent_a.pk, "不会保存")
        raise RuntimeError
    assert data_version.current() == before


def counter() -> int:
    return int(data_version.current().split(":")[1])


@pytest.mark.django_db(transaction=True)
def test_a_write_undone_by_a_savepoint_does_not_hide_the_next_one(world):
    """PostgreSQL queues one bump per transaction, at its first written row; a rollback to
    a savepoint drops that bump, and the transaction's next write must queue another."""
    before = data_version.current()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint
            rename(world.ent_a.pk, "回滚的改名")
            raise RuntimeError
        rename(world.ent_b.pk, "保存的改名")
    assert data_version.current() != before


@pytest.mark.django_db(transaction=True)
def test_a_transaction_of_many_rows_bumps_the_version(world):
    before = counter()
    with transaction.atomic():
        Enterprise.objects.filter(pk__in=[world.ent_a.pk, world.ent_b.pk]).update(employee_count=7)
        rename(world.ent_a.pk, "同一事务改名")
    if connection.vendor == "postgresql":
        assert counter() == before + 1  # once per transaction, at commit
    else:
        assert counter() > before  # SQLite: a row trigger per written row


@pytest.mark.django_db(transaction=True)
def test_writes_that_change_no_page_leave_the_version(world):
    """A login (last_login) and a job's progress are written constantly; they must not
    empty every cache."""
    before = data_version.current()
    Client().force_login(world.user("town_a_admin"), backend=MODEL_BACKEND)
    ImportJob.objects.create(user=world.user("town_a_admin"), kind="enterprises")
    assert data_version.current() == before
    user = world.user("town_a_admin")
    user.role = "leader"
    user.save(update_fields=["role"])
    assert data_version.current() != before


# --- pages ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_repeated_list_is_served_from_the_cache(world, django_assert_max_num_queries):
    client = browser(world.user("town_a_admin"))
    first = client.get(LIST)
    assert first.status_code == 200 and stored_entries() == 1
    with django_assert_max_num_queries(3):  # session, user, version: no list query
        again = client.get(LIST)
    assert again.content == first.content


@pytest.mark.django_db(transaction=True)
def test_after_a_write_the_list_shows_it_at_once(world):
    client = browser(world.user("town_a_admin"))
    assert "川姜纺织有限公司" in client.get(LIST).content.decode()
    enterprise_update(
        actor=world.user("town_a_admin"), enterprise=world.ent_a, data={"name": "川姜纺织集团"}
    )
    assert "川姜纺织集团" in client.get(LIST).content.decode()
    rename(world.ent_a.pk, "川姜纺织股份")
    assert "川姜纺织股份" in client.get(LIST).content.decode()


@pytest.mark.django_db(transaction=True)
def test_users_never_share_a_cached_page(world):
    town_a = browser(world.user("town_a_admin")).get(LIST).content.decode()
    town_b = browser(world.user("town_b_admin")).get(LIST).content.decode()
    assert "川姜纺织有限公司" in town_a and "川姜纺织有限公司" not in town_b
    assert "开发区机械有限公司" in town_b and "开发区机械有限公司" not in town_a
    outsider = browser(world.user("outsider")).get(LIST).content.decode()
    assert "川姜纺织有限公司" not in outsider and "开发区机械有限公司" not in outsider


@pytest.mark.django_db(transaction=True)
def test_a_change_of_scope_is_seen_at_once(world):
    """The scope is not in the key: giving a user another region must still show it."""
    user = world.user("town_a_admin")
    client = browser(user)
    assert "开发区机械有限公司" not in client.get(LIST).content.decode()
    user.regions.add(world.town_b)
    assert "开发区机械有限公司" in client.get(LIST).content.decode()
    user.regions.remove(world.town_b)
    assert "开发区机械有限公司" not in client.get(LIST).content.decode()


@pytest.mark.django_db(transaction=True)
def test_each_filter_is_its_own_entry(world):
    client = browser(world.user("district_admin"))
    town_a = client.get(LIST, {"region": world.town_a.code}).content.decode()
    town_b = client.get(LIST, {"region": world.town_b.code}).content.decode()
    assert "川姜纺织有限公司" in town_a and "川姜纺织有限公司" not in town_b


@pytest.mark.django_db(transaction=True)
def test_a_browser_without_a_csrf_cookie_is_not_served_another_token(world):
    client = Client()
    client.force_login(world.user("town_a_admin"), backend=MODEL_BACKEND)
    client.get(LIST)
    assert stored_entries() == 0


@pytest.mark.django_db(transaction=True)
def test_a_waiting_message_is_shown_not_a_cached_page(world):
    client = browser(world.user("town_a_admin"))
    client.get(LIST)
    assert stored_entries() == 1
    # what a save leaves for the next page ("已保存：…"), in the browser's message cookie
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "已保存：测试")])
    assert "已保存：测试" in client.get(LIST).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_cache_can_be_turned_off(world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    browser(world.user("town_a_admin")).get(LIST)
    assert stored_entries() == 0


# --- API ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_api_list_is_cached_per_token_and_follows_writes(world):
    town_a = api_client(world.user("town_a_admin"))
    first = town_a.get(API_LIST).json()
    assert [row["name"] for row in first["results"]] == [
        "川姜电子有限公司",
        "川姜纺织有限公司",
    ] or {row["name"] for row in first["results"]} == {"川姜纺织有限公司", "川姜电子有限公司"}
    assert town_a.get(API_LIST).json() == first and stored_entries() == 1
    town_b = api_client(world.user("town_b_admin")).get(API_LIST).json()
    assert {row["name"] for row in town_b["results"]} == {"开发区机械有限公司"}
    Enterprise.objects.filter(pk=world.ent_a.pk).update(employee_count=121)
    changed = {row["name"]: row["employee_count"] for row in town_a.get(API_LIST).json()["results"]}
    assert changed["川姜纺织有限公司"] == 121

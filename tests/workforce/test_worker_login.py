"""A full-time party worker signs in (role 党建指导员, DOMAIN.md §1: the role of 党建指导员 and
专职党务工作者) and reports the progress of their own work list; they see nobody else's."""

import pytest
from django.test import Client
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.core.scoping import scoped
from liangxin.workforce.models_people import PartyWorker, WorkList
from liangxin.workforce.services_workers import worklist_create, worklist_issue
from tests import factories as f
from tests.clients import MODEL_BACKEND
from tests.workforce.test_workers_fixtures import ITEMS, THIS_YEAR, add_workers, worker_in_b

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def linked(world, login):
    add_workers(world)
    world.station_worker = PartyWorker.objects.create(
        name="陈静",
        role="full_time",
        full_time=True,
        region=world.area_a,
        started_on=world.worker.started_on,
    )
    world.account = f.account("chenjing", "instructor")
    page = login("town_a_admin").post(
        reverse("instructors:worker-edit", args=[world.station_worker.pk]),
        {
            "name": "陈静",
            "role": "full_time",
            "full_time": "on",
            "region": world.area_a.code,
            "started_on": "2024-03-01",
            "login": "chenjing",
        },
    )
    assert page.status_code == 302, page.content.decode()
    admin = world.user("town_a_admin")
    world.own_list = worklist_create(
        actor=admin, worker=world.station_worker, year=THIS_YEAR, items=ITEMS
    )
    worklist_issue(actor=admin, work_list=world.own_list)
    world.other_list = worklist_create(
        actor=admin, worker=world.worker, year=THIS_YEAR, items=ITEMS
    )
    worklist_issue(actor=admin, work_list=world.other_list)
    return world


def test_the_form_links_the_login_and_the_worker_reports_own_progress(linked):
    linked.station_worker.refresh_from_db()
    assert linked.station_worker.user == linked.account
    worker = client_of(linked.account)
    detail = reverse("instructors:worklist", args=[linked.own_list.pk])
    assert worker.get(detail).status_code == 200
    item = linked.own_list.items.first()
    url = reverse("instructors:worklist-progress", args=[linked.own_list.pk, item.pk])
    worker.post(url, {"progress": "80", "evidence": "已完成三次"})
    item.refresh_from_db()
    assert item.progress == 80


def test_the_worker_sees_only_their_own_record_and_list(linked):
    account = User.objects.get(pk=linked.account.pk)  # as a request loads it, after the link
    assert list(scoped(PartyWorker.objects.all(), account)) == [linked.station_worker]
    assert list(scoped(WorkList.objects.all(), account)) == [linked.own_list]
    worker = client_of(linked.account)
    other = reverse("instructors:worklist", args=[linked.other_list.pk])
    assert worker.get(other).status_code == 404


def test_only_an_instructor_role_account_not_linked_elsewhere_is_accepted(linked, login):
    f.account("townclerk", "town_admin", regions=[linked.town_a])
    url = reverse("instructors:worker-edit", args=[linked.worker.pk])
    data = {
        "name": "王指导",
        "role": "instructor",
        "full_time": "on",
        "region": linked.area_a.code,
        "station": linked.station.pk,
        "started_on": "2024-03-01",
    }
    town = login("town_a_admin")
    wrong_role = town.post(url, {**data, "login": "townclerk"}).content.decode()
    assert "须为“党建指导员”角色的账号" in wrong_role
    missing = town.post(url, {**data, "login": "nobody"}).content.decode()
    assert "登录账号“nobody”不存在" in missing
    taken = town.post(url, {**data, "login": "chenjing"}).content.decode()
    assert "该登录账号已关联其他党务工作者" in taken
    linked.worker.refresh_from_db()
    assert linked.worker.user is None


def test_a_region_code_out_of_scope_is_told_not_accepted(linked, login):
    worker_in_b(linked)
    page = login("town_a_admin").post(
        reverse("instructors:worker-create"),
        {
            "name": "孙悦",
            "role": "part_time",
            "region": linked.town_b.code,
            "started_on": "2025-01-01",
        },
    )
    assert page.status_code == 200
    assert f"区域代码“{linked.town_b.code}”不存在或不在您的管辖范围内" in page.content.decode()
    assert not PartyWorker.objects.filter(name="孙悦").exists()

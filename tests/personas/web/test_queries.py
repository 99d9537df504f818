"""Lists run a constant number of SQL queries whatever the number of rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def add_regions(world, n, start):
    for i in range(start, start + n):
        f.region(f"CJ-G{i:03d}", f"网格{i}", "grid", world.area_a)


def add_enterprises(world, n, start):
    f.EnterpriseFactory.create_batch(n, region=world.grid_a)


def add_organizations(world, n, start):
    for i in range(start, start + n):
        f.organization(f"ORG-X{i:03d}", f"党支部{i}", region=world.grid_a, covers=[world.ent_a2])


def add_members(world, n, start):
    f.MemberFactory.create_batch(n, organization=world.org_a, employer=world.ent_a)


def add_instructors(world, n, start):
    for _ in range(n):
        f.InstructorFactory(region=world.town_a, enterprises=[world.ent_a, world.ent_a2])


LISTS = [
    ("regions:list", add_regions),
    ("enterprises:list", add_enterprises),
    ("organizations:list", add_organizations),
    ("members:list", add_members),
    ("instructors:list", add_instructors),
]


def count_queries(client, url) -> tuple[int, int]:
    client.get(url)  # the session is renewed at most once a minute: keep that out of the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["object_list"])


@pytest.mark.parametrize(("url_name", "add_rows"), LISTS)
def test_list_query_count_does_not_grow_with_rows(login, world, url_name, add_rows):
    client = login("district_admin")
    url = reverse(url_name)
    add_rows(world, 5, 0)
    few_queries, few_rows = count_queries(client, url)
    add_rows(world, 25, 5)
    many_queries, many_rows = count_queries(client, url)
    assert many_rows == 25 and few_rows < many_rows
    assert many_queries == few_queries


def test_filtered_and_sorted_list_is_still_constant(login, world):
    client = login("town_a_admin")
    url = reverse("enterprises:list") + f"?region={world.town_a.code}&ordering=-employee_count"
    add_enterprises(world, 5, 0)
    few, _ = count_queries(client, url)
    add_enterprises(world, 25, 5)
    many, rows = count_queries(client, url)
    assert rows == 25 and many == few


def test_audit_list_query_count_does_not_grow(login, world):
    client = login("audit_admin")
    add_enterprises(world, 5, 0)
    few, _ = count_queries(client, reverse("audit"))
    add_enterprises(world, 25, 5)
    many, rows = count_queries(client, reverse("audit"))
    assert rows == 25 and many == few

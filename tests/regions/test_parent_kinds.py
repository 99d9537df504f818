"""A region sits only under a kind that can hold it (DOMAIN.md §2: 区县 → 镇街/园区 → 片区 →
网格), on every write path: the service (pages), the API and the ledger import, with the
same Chinese words naming both kinds."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.regions.hierarchy import REGION_HIERARCHY
from liangxin.regions.models import Region
from liangxin.regions.services import region_create, region_update
from tests import factories as f
from tests.ledger.helpers import csv_bytes, errors, run

pytestmark = pytest.mark.django_db

COUNTY_UNDER_GRID = "网格下不能设区县：区县只能作为顶级区域"
AREA_UNDER_COUNTY = "区县下不能设片区：片区的上级区域应为镇街、园区"


@pytest.mark.parametrize(
    ("kind", "parent", "allowed"),
    [
        ("county", None, True),
        ("county", "grid", False),
        ("town", "county", True),
        ("park", "town", True),
        ("area", "park", True),
        ("area", "county", False),
        ("grid", "area", True),
        ("grid", "town", True),
        ("grid", "grid", False),
        ("grid", None, False),
        ("town", "area", False),
    ],
)
def test_the_table(kind, parent, allowed):
    assert (REGION_HIERARCHY.problem(kind, parent) == "") is allowed


def test_service_refuses_a_county_under_a_grid(world):
    with pytest.raises(ValidationError) as caught:
        region_create(
            actor=world.user("town_a_admin"),
            parent=world.grid_a,
            data={"code": "X-1", "name": "错挂区县", "kind": "county"},
        )
    assert caught.value.message_dict["parent"] == [COUNTY_UNDER_GRID]
    assert not Region.objects.filter(code="X-1").exists()


def test_service_accepts_a_grid_under_an_area(world):
    grid = region_create(
        actor=world.user("town_a_admin"),
        parent=world.area_a,
        data={"code": "X-2", "name": "二网格", "kind": "grid"},
    )
    assert Region.objects.get_parent(grid) == world.area_a


def test_a_kind_change_must_still_fit_parent_and_children(world):
    actor = world.user("town_a_admin")
    with pytest.raises(ValidationError) as caught:  # the area holds a grid
        region_update(actor=actor, region=world.area_a, data={"kind": "grid"})
    assert caught.value.message_dict["kind"] == [
        "该区域下已有网格，不能改为网格（网格下不能设网格：网格的上级区域应为镇街、园区、片区）"
    ]
    with pytest.raises(ValidationError) as caught:  # under a town: no county
        region_update(actor=actor, region=world.area_a, data={"kind": "county"})
    assert "镇街下不能设区县" in caught.value.message_dict["kind"][0]
    world.area_a.refresh_from_db()
    assert world.area_a.kind == "area"
    assert region_update(actor=actor, region=world.area_a, data={"kind": "park"}).kind == "park"


def test_the_page_says_so_next_to_the_parent(login, world):
    data = {"code": "X-3", "name": "错挂片区", "kind": "area", "parent": world.district.code}
    response = login("district_admin").post(reverse("regions:create"), data)
    assert response.status_code == 200
    assert AREA_UNDER_COUNTY in response.content.decode()
    assert not Region.objects.filter(code="X-3").exists()


def test_the_api_refuses_in_chinese(world, client_as):
    body = {"code": "X-4", "name": "错挂区县", "kind": "county", "parent": world.grid_a.code}
    response = client_as("town_a_admin").post("/api/v1/regions/", body, format="json")
    assert response.status_code == 400
    assert response.json()["parent"] == [COUNTY_UNDER_GRID]
    assert not Region.objects.filter(code="X-4").exists()


HEADERS = ["区域代码", "区域名称", "区域类别", "上级区域代码"]


def test_the_ledger_refuses_a_county_under_a_grid_and_writes_nothing(world):
    rows = [HEADERS, ["X-5", "五网格", "网格", world.area_a.code]]
    rows += [["X-6", "错挂区县", "区县", world.grid_a.code]]
    result = run("regions", csv_bytes(rows), user=world.user("town_a_admin"))
    assert errors(result) == [(3, "上级区域代码", COUNTY_UNDER_GRID)]
    assert not Region.objects.filter(code__in=["X-5", "X-6"]).exists()


def test_the_ledger_checks_a_parent_from_the_same_file(world):
    rows = [HEADERS, ["X-7", "七网格", "网格", world.area_a.code], ["X-8", "错挂", "片区", "X-7"]]
    result = run("regions", csv_bytes(rows), user=world.user("town_a_admin"))
    assert errors(result) == [(3, "上级区域代码", "网格下不能设片区：片区的上级区域应为镇街、园区")]


def test_the_ledger_accepts_the_tree_in_order(world):
    rows = [
        HEADERS,
        ["X-9", "九片区", "片区", world.town_a.code],
        ["X-10", "十网格", "网格", "X-9"],
    ]
    result = run("regions", csv_bytes(rows), user=world.user("town_a_admin"))
    assert not errors(result)
    assert Region.objects.get_parent(Region.objects.get(code="X-10")).code == "X-9"


def test_the_ledger_refuses_a_kind_change_that_no_longer_fits(world):
    f.region("X-11", "片区下网格", "grid", world.area_a)
    rows = [HEADERS, [world.area_a.code, world.area_a.name, "网格", world.town_a.code]]
    result = run("regions", csv_bytes(rows), user=world.user("town_a_admin"))
    [(_, header, message)] = errors(result)
    assert header == "区域类别" and message.startswith("该区域下已有网格，不能改为网格")
    world.area_a.refresh_from_db()
    assert world.area_a.kind == "area"

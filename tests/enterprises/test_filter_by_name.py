"""Filters take names as well as codes (issue 14, item 1): typing 川姜镇 in the region
filter lists its enterprises; a name that matches nothing says so instead of "共 0 条"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def listed(client, **params) -> tuple[list[str], str]:
    response = client.get(reverse("enterprises:list"), params)
    assert response.status_code == 200
    names = [e.name for e in response.context["object_list"]]
    return names, response.content.decode()


@pytest.mark.parametrize(
    "region", ["350599100000", "川姜镇", "川姜一网格", "川姜", "一片区", " 川姜镇 "]
)
def test_the_region_filter_takes_a_code_an_exact_name_or_part_of_it(login, world, region):
    names, _ = listed(login("town_a_admin"), region=region)
    assert sorted(names) == ["川姜电子有限公司", "川姜纺织有限公司"]


def test_a_name_matching_nothing_says_so(login, world):
    names, html = listed(login("town_a_admin"), region="西湖镇")
    assert names == []
    assert "未找到名称或代码为“西湖镇”的区域" in html


def test_a_name_outside_the_scope_is_unknown(login, world):
    """开发区 exists, but not for town A's admin: the same words as for no region at all."""
    names, html = listed(login("town_a_admin"), region="开发区")
    assert names == []
    assert "未找到名称或代码为“开发区”的区域" in html
    names, _ = listed(login("district_admin"), region="开发区")
    assert names == ["开发区机械有限公司"]


def test_the_api_takes_the_name_too(client_as, world):
    response = client_as("district_admin").get("/api/v1/enterprises/", {"region": "川姜镇"})
    assert response.status_code == 200
    assert sorted(row["name"] for row in response.json()["results"]) == [
        "川姜电子有限公司",
        "川姜纺织有限公司",
    ]
    nothing = client_as("district_admin").get("/api/v1/enterprises/", {"region": "西湖镇"})
    assert (nothing.status_code, nothing.json()["results"]) == (200, [])


def test_the_region_filter_is_a_picker_opening_with_the_name(login, world):
    _, html = listed(login("town_a_admin"), region="CJ-A1-01")
    assert 'data-picker-url="/pickers/regions/"' in html
    assert "川姜一网格（CJ-A1-01）" in html

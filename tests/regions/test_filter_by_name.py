"""The region list's own filter by name, and a text matching too many regions to list
(issue 14, item 1)."""

import pytest
from django.urls import reverse

from liangxin.core.filters import NAME_MATCH_LIMIT
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_regions_under_a_named_region(login, world):
    response = login("district_admin").get(reverse("regions:list"), {"region": "川姜镇"})
    names = sorted(r.name for r in response.context["object_list"])
    assert names == ["川姜一片区", "川姜一网格", "川姜镇"]


def test_too_many_matches_ask_for_a_fuller_name(login, world):
    for n in range(NAME_MATCH_LIMIT + 1):
        f.region(f"CJ-X-{n:03d}", f"川姜{n}号网格", "grid", world.area_a)
    response = login("district_admin").get(reverse("regions:list"), {"region": "号网格"})
    html = response.content.decode()
    assert list(response.context["object_list"]) == []
    assert f"名称含“号网格”的区域超过 {NAME_MATCH_LIMIT} 个" in html

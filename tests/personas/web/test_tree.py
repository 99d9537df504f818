"""Region and organization trees expand lazily: one HTMX request per opened node."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_region_tree_starts_with_the_users_top_regions(login, world):
    page = text(login("district_admin").get(reverse("regions:tree")))
    assert world.district.name in page
    assert world.town_a.name not in page  # loaded only when opened
    assert reverse("regions:tree-children", args=[world.district.code]) in page


def test_town_admin_tree_starts_at_its_town(login, world):
    page = text(login("town_a_admin").get(reverse("regions:tree")))
    assert world.town_a.name in page and world.district.name not in page


def test_children_endpoint_returns_the_next_level_only(login, world):
    client = login("district_admin")
    fragment = text(client.get(reverse("regions:tree-children", args=[world.district.code])))
    assert world.town_a.name in fragment and world.town_b.name in fragment
    assert world.area_a.name not in fragment
    assert "<html" not in fragment
    deeper = text(client.get(reverse("regions:tree-children", args=[world.town_a.code])))
    assert world.area_a.name in deeper


def test_children_of_another_town_are_not_found(login, world):
    url = reverse("regions:tree-children", args=[world.town_a.code])
    assert login("town_b_admin").get(url).status_code == 404


def test_leaf_has_no_expand_request(login, world):
    fragment = text(
        login("district_admin").get(reverse("regions:tree-children", args=[world.area_a.code]))
    )
    assert world.grid_a.name in fragment
    assert reverse("regions:tree-children", args=[world.grid_a.code]) not in fragment


def test_organization_tree_expands_lazily(login, world):
    client = login("secretary")
    page = text(client.get(reverse("organizations:tree")))
    assert world.org_a.name in page and world.group_a.name not in page
    children_url = reverse("organizations:tree-children", args=[world.org_a.code])
    assert children_url in page
    assert world.group_a.name in text(client.get(children_url))


def test_organization_tree_children_out_of_scope(login, world):
    f.organization("ORG-B-1", "开发区第一支部", region=world.grid_b, parent=world.org_b)
    url = reverse("organizations:tree-children", args=[world.org_b.code])
    assert login("town_a_admin").get(url).status_code == 404
    assert "开发区第一支部" in text(login("town_b_admin").get(url))

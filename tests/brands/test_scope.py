"""Scope (ARCHITECTURE.md example 1): town B's admin neither sees nor edits town A's brands and
projects (404); a secretary keeps their own organization's brand and no other."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.brands import selectors, services
from liangxin.brands.models import Brand, BrandKind, BrandState
from liangxin.core.services import OutOfScope
from tests.brands.conftest import add_node


def test_lists_hold_only_the_scope(world, brand_a, brand_b):
    names = {
        p: set(selectors.brand_list(user=world.user(p)).values_list("name", flat=True))
        for p in ("district_admin", "town_a_admin", "town_b_admin", "secretary", "outsider")
    }
    assert names["district_admin"] == {"红色织梦", "机械先锋"}
    assert names["town_a_admin"] == {"红色织梦"}
    assert names["town_b_admin"] == {"机械先锋"}
    assert names["secretary"] == {"红色织梦"}
    assert names["outsider"] == set()


@pytest.mark.parametrize("name", ["brands:brand", "brands:edit"])
def test_town_b_gets_404_on_town_a_brand_pages(world, login, brand_a, name):
    assert login("town_b_admin").get(reverse(name, args=[brand_a.pk])).status_code == 404
    assert login("town_a_admin").get(reverse(name, args=[brand_a.pk])).status_code == 200


def test_town_b_cannot_edit_or_move_town_a_brand(world, login, brand_a):
    client = login("town_b_admin")
    edit = client.post(
        reverse("brands:edit", args=[brand_a.pk]),
        {"kind": BrandKind.ENTERPRISE, "name": "改名", "holders": world.org_b.code},
    )
    assert edit.status_code == 404
    action = client.post(reverse("brands:action", args=[brand_a.pk, "submit"]))
    assert action.status_code == 404
    with pytest.raises(OutOfScope):
        services.brand_transition(actor=world.user("town_b_admin"), brand=brand_a, action="submit")
    brand_a.refresh_from_db()
    assert (brand_a.name, brand_a.state) == ("红色织梦", BrandState.CULTIVATING)


def test_a_secretary_edits_their_own_brand_not_another_organizations(
    world, login, brand_a, brand_b
):
    client = login("secretary")
    own = client.post(
        reverse("brands:edit", args=[brand_a.pk]),
        {
            "kind": BrandKind.ENTERPRISE,
            "name": "红色织梦",
            "holders": world.org_a.code,
            "story": "新的故事",
        },
    )
    assert own.status_code == 302
    assert Brand.objects.get(pk=brand_a.pk).story == "新的故事"
    other = client.post(
        reverse("brands:edit", args=[brand_b.pk]),
        {"kind": BrandKind.ENTERPRISE, "name": "机械先锋", "holders": world.org_b.code},
    )
    assert other.status_code == 404
    with pytest.raises(OutOfScope):
        services.brand_update(
            actor=world.user("secretary"), brand=brand_b, data={"story": "x"}, holders=[world.org_b]
        )


def test_a_secretary_cannot_hand_their_brand_to_another_organization(world, brand_a):
    with pytest.raises(ValidationError) as caught:
        services.brand_update(
            actor=world.user("secretary"),
            brand=brand_a,
            data={"name": "红色织梦"},
            holders=[world.org_a, world.org_b],
        )
    assert "不在您的管辖范围内" in str(caught.value)
    assert list(brand_a.holders.all()) == [world.org_a]


def test_projects_and_nodes_are_scoped(world, login, programme, project_a, project_b, yesterday):
    node_a = add_node(world, project_a, "阵地提升", yesterday)
    b = login("town_b_admin")
    assert b.get(reverse("brands:project", args=[project_a.pk])).status_code == 404
    assert b.get(reverse("brands:node", args=[node_a.pk])).status_code == 404
    assert b.post(reverse("brands:node", args=[node_a.pk]), {"state": "done"}).status_code == 404
    # the district's programme is seen from the towns, each with its own projects only
    page = b.get(reverse("brands:programme", args=[programme.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert world.org_b.name in text and world.org_a.name not in text
    assert (
        login("outsider").get(reverse("brands:programme", args=[programme.pk])).status_code == 404
    )


def test_town_b_cannot_open_a_project_for_town_a(world, programme):
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.project_create(
            actor=world.user("town_b_admin"),
            programme=programme,
            tier=programme.tiers.first(),
            organization=world.org_a,
            plan="方案",
            owner="某人",
        )


def test_a_secretary_reports_progress_only_on_their_organizations_nodes(
    world, project_a, project_b
):
    node_b = add_node(world, project_b, "验收", timezone.localdate(), persona="town_b_admin")
    with pytest.raises(OutOfScope):
        services.node_progress(actor=world.user("secretary"), node=node_b, state="done")

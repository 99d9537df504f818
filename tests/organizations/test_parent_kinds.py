"""A party organization sits only under a kind that can lead it (党章 ch. 5; 《中国共产党支部
工作条例（试行）》 art. 5–6: a 党委 leads 党总支 and 党支部, a 党总支 leads 党支部, a 党支部
divides into 党小组, a 党小组 leads nothing), on every write path: the service (pages), the
API and the ledger import, with the same Chinese words naming both kinds."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.organizations.hierarchy import ORGANIZATION_HIERARCHY
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.services import organization_create, organization_update
from tests.ledger.helpers import csv_bytes, errors, run

pytestmark = pytest.mark.django_db

BRANCH_UNDER_GROUP = "党小组下不能设党支部：党支部的上级党组织应为党工委、党委、党总支，或不设上级"
BRANCH_UNDER_BRANCH = "党支部下不能设党支部：党支部的上级党组织应为党工委、党委、党总支，或不设上级"


@pytest.mark.parametrize(
    ("kind", "parent", "allowed"),
    [
        ("committee", "working_committee", True),
        ("working_committee", "working_committee", True),
        ("general_branch", "committee", True),
        ("branch", "general_branch", True),
        ("joint_branch", "committee", True),
        ("group", "branch", True),
        ("group", "joint_branch", True),
        ("branch", "group", False),
        ("branch", "branch", False),
        ("committee", "general_branch", False),
        ("group", "committee", False),
        ("group", None, False),
        ("group", "group", False),
    ],
)
def test_the_table(kind, parent, allowed):
    assert (ORGANIZATION_HIERARCHY.problem(kind, parent) == "") is allowed


def data(world, **changes) -> dict:
    return {
        "code": "X-ORG",
        "name": "错挂党支部",
        "kind": "branch",
        "formation": "single",
        "region": world.grid_a,
        **changes,
    }


def test_service_refuses_a_branch_under_a_group(world):
    with pytest.raises(ValidationError) as caught:
        organization_create(actor=world.user("secretary"), parent=world.group_a, data=data(world))
    assert caught.value.message_dict["parent"] == [BRANCH_UNDER_GROUP]
    assert not PartyOrganization.objects.filter(code="X-ORG").exists()


def test_service_accepts_a_group_under_a_branch(world):
    group = organization_create(
        actor=world.user("secretary"),
        parent=world.org_a,
        data=data(world, name="第二党小组", kind="group"),
    )
    assert PartyOrganization.objects.get_parent(group) == world.org_a


def test_a_kind_change_must_still_fit_parent_and_children(world):
    actor = world.user("town_a_admin")
    with pytest.raises(ValidationError) as caught:  # ORG-A holds a 党小组
        organization_update(actor=actor, organization=world.org_a, data={"kind": "committee"})
    assert caught.value.message_dict["kind"][0].startswith("该党组织下已有党小组，不能改为党委")
    with pytest.raises(ValidationError) as caught:  # the group sits under a branch
        organization_update(actor=actor, organization=world.group_a, data={"kind": "branch"})
    assert caught.value.message_dict["kind"] == [BRANCH_UNDER_BRANCH]
    world.org_a.refresh_from_db()
    assert world.org_a.kind == "branch"
    changed = organization_update(
        actor=actor, organization=world.org_a, data={"kind": "joint_branch"}
    )
    assert changed.kind == "joint_branch"


def test_the_page_says_so(login, world):
    post = {
        "code": "X-ORG",
        "name": "错挂党支部",
        "kind": "branch",
        "formation": "single",
        "region": world.grid_a.code,
        "parent": world.group_a.code,
    }
    response = login("town_a_admin").post(reverse("organizations:create"), post)
    assert response.status_code == 200
    assert BRANCH_UNDER_GROUP in response.content.decode()
    assert not PartyOrganization.objects.filter(code="X-ORG").exists()


def test_the_api_refuses_in_chinese(world, client_as):
    body = {
        "code": "X-ORG",
        "name": "错挂党支部",
        "kind": "branch",
        "formation": "single",
        "region": world.grid_a.code,
        "parent": world.org_a.code,
    }
    response = client_as("town_a_admin").post("/api/v1/organizations/", body, format="json")
    assert response.status_code == 400
    assert response.json()["parent"] == [BRANCH_UNDER_BRANCH]
    assert not PartyOrganization.objects.filter(code="X-ORG").exists()


HEADERS = ["组织编码", "组织名称", "组织类别", "组建方式", "上级组织编码", "所属区域代码"]


def test_the_ledger_refuses_a_branch_under_a_group_and_writes_nothing(world):
    grid = world.grid_a.code
    rows = [
        HEADERS,
        ["X-G2", "第二党小组", "党小组", "单独组建", world.org_a.code, grid],
        ["X-B1", "错挂党支部", "党支部", "单独组建", world.group_a.code, grid],
    ]
    result = run("organizations", csv_bytes(rows), user=world.user("town_a_admin"))
    assert errors(result) == [(3, "上级组织编码", BRANCH_UNDER_GROUP)]
    assert not PartyOrganization.objects.filter(code__in=["X-G2", "X-B1"]).exists()


def test_the_ledger_checks_a_parent_from_the_same_file(world):
    grid = world.grid_a.code
    rows = [
        HEADERS,
        ["X-G3", "第三党小组", "党小组", "单独组建", world.org_a.code, grid],
        ["X-G4", "小组下小组", "党小组", "单独组建", "X-G3", grid],
    ]
    result = run("organizations", csv_bytes(rows), user=world.user("town_a_admin"))
    [(row, header, message)] = errors(result)
    assert (row, header) == (3, "上级组织编码") and message.startswith("党小组下不能设党小组")


def test_the_ledger_refuses_a_kind_change_that_no_longer_fits(world):
    row = [world.group_a.code, world.group_a.name, "党支部", "单独组建", world.org_a.code]
    rows = [HEADERS, [*row, world.grid_a.code]]
    result = run("organizations", csv_bytes(rows), user=world.user("town_a_admin"))
    assert errors(result) == [(2, "组织类别", BRANCH_UNDER_BRANCH)]
    world.group_a.refresh_from_db()
    assert world.group_a.kind == "group"

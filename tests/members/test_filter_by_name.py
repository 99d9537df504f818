"""The member list filters its organization and employer by name too (issue 14, item 1)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def listed(client, **params) -> tuple[list[str], str]:
    response = client.get(reverse("members:list"), params)
    assert response.status_code == 200
    return [m.name for m in response.context["object_list"]], response.content.decode()


@pytest.mark.parametrize("organization", ["ORG-A", "川姜纺织有限公司党支部", "纺织"])
def test_organization_by_code_or_name(login, world, organization):
    names, _ = listed(login("district_admin"), organization=organization)
    assert names == ["林晓红"]


@pytest.mark.parametrize("employer", ["{uscc}", "{uscc_lower}", "川姜纺织有限公司", "纺织"])
def test_employer_by_credit_code_or_name(login, world, employer):
    uscc = world.ent_a.uscc
    value = employer.format(uscc=uscc, uscc_lower=uscc.lower())
    names, _ = listed(login("district_admin"), employer=value)
    assert names == ["林晓红"]


def test_unknown_names_are_said(login, world):
    _, html = listed(login("district_admin"), employer="不存在公司", organization="不存在支部")
    assert "未找到名称或代码为“不存在公司”的市场主体" in html
    assert "未找到名称或代码为“不存在支部”的党组织" in html


def test_a_name_shared_by_several_organizations_lists_them_all(login, world):
    """党支部 is in both branches' names: both subtrees, each once."""
    names, _ = listed(login("district_admin"), organization="党支部")
    assert sorted(names) == ["林晓红", "陈建国"]

"""The search box finds records by the pinyin initials of their names, as the pickers do
(川姜纺织有限公司 is typed cjfz), and still only inside the user's scope."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def found(client, text: str) -> dict[str, list[str]]:
    response = client.post(reverse("search"), {"q": text}, follow=True)
    assert response.status_code == 200
    return {
        group.source.key: [group.source.result_label(row) for row in group.results]
        for group in response.context.get("groups", [])
    }


def test_initials_find_enterprises_and_organizations(login, world):
    client = login("district_admin")
    assert found(client, "cjfz") == {
        "enterprises": ["川姜纺织有限公司"],
        "organizations": ["川姜纺织有限公司党支部"],
    }
    # A prefix of the initials, typed in capitals, finds every name it starts.
    assert found(client, "CJ") == {
        "enterprises": ["川姜电子有限公司", "川姜纺织有限公司"],
        "organizations": ["川姜纺织有限公司党支部"],
        "members": ["陈建国"],  # cjg
    }


def test_initials_find_people(login, world):
    client = login("district_admin")
    assert found(client, "lxh") == {"members": ["林晓红"]}
    assert found(client, "wzd") == {"instructors": ["王指导"]}


def test_initials_only_match_from_the_start(login, world):
    # fzyx is inside cjfzyxgs, not its beginning: the initials are matched as a prefix.
    assert found(login("district_admin"), "fzyx") == {}


def test_initials_do_not_reach_outside_the_scope(login, world):
    town_b = login("town_b_admin")
    assert found(town_b, "cjfz") == {}
    assert found(town_b, "lxh") == {}
    assert found(town_b, "kfq") == {
        "enterprises": ["开发区机械有限公司"],
        "organizations": ["开发区机械有限公司党支部"],
    }
    assert found(login("secretary"), "cjg") == {}  # 陈建国 is in another organization

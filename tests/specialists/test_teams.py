"""A 点对点组团 renamed, moved or deleted (issue 18 left teams create-only): scoped (another
town's team is a 404), only by those who manage specialists, a duplicate name refused in
Chinese, and a team that still has specialists is not deleted from under them."""

import pytest
from auditlog.models import LogEntry

from liangxin.specialists import services
from liangxin.specialists.models import SpecialistTeam

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(world):
    a = services.team_create(actor=world.user("town_a_admin"), name="纺织组团", region=world.town_a)
    b = services.team_create(actor=world.user("town_b_admin"), name="园区组团", region=world.town_b)
    return a, b


def test_a_team_is_renamed_from_the_team_list(world, login, teams):
    team, _ = teams
    client = login("town_a_admin")
    assert (
        f'href="/specialists/teams/{team.pk}/"'
        in client.get("/specialists/teams/").content.decode()
    )
    data = {"name": "纺织服装组团", "region": world.town_a.pk, "note": "每周三坐诊"}
    assert client.post(f"/specialists/teams/{team.pk}/", data).status_code == 302
    team.refresh_from_db()
    assert (team.name, team.note) == ("纺织服装组团", "每周三坐诊")
    updated = LogEntry.objects.get_for_object(team).get(action=LogEntry.Action.UPDATE)
    assert updated.changes_dict["name"] == ["纺织组团", "纺织服装组团"]


def test_bad_and_duplicate_names_are_refused_and_nothing_changes(world, login, teams):
    team, _ = teams
    services.team_create(actor=world.user("town_a_admin"), name="电商组团", region=world.town_a)
    client = login("town_a_admin")
    for data, message in (
        ({"name": "电商组团", "region": world.town_a.pk}, "该区域已有同名组团"),
        ({"name": "组" * 61, "region": world.town_a.pk}, "60"),
        ({"name": "", "region": world.town_a.pk}, "必填"),
        ({"name": "外镇组团", "region": world.town_b.pk}, "选择一个有效的选项"),
    ):
        response = client.post(f"/specialists/teams/{team.pk}/", data)
        assert response.status_code == 200
        assert message in response.content.decode(), message
    team.refresh_from_db()
    assert (team.name, team.region) == ("纺织组团", world.town_a)


def test_another_towns_team_does_not_exist_for_it(world, login, teams):
    team, _ = teams
    client = login("town_b_admin")
    assert client.get(f"/specialists/teams/{team.pk}/").status_code == 404
    assert client.post(f"/specialists/teams/{team.pk}/delete/").status_code == 404
    assert login("secretary").get(f"/specialists/teams/{team.pk}/").status_code == 403
    assert SpecialistTeam.objects.filter(pk=team.pk).exists()


def test_a_team_with_specialists_is_kept_and_an_empty_one_deleted(world, login, teams, specialist):
    team, _ = teams
    specialist.team = team
    specialist.save()
    client = login("town_a_admin")
    question = client.get(f"/specialists/teams/{team.pk}/delete/").content.decode()
    assert "专员 1 条" in question and "确认删除" not in question
    response = client.post(f"/specialists/teams/{team.pk}/delete/")
    assert "该组团还有 1 名专员" in response.content.decode()
    assert SpecialistTeam.objects.filter(pk=team.pk).exists()
    specialist.team = None
    specialist.save()
    response = client.post(f"/specialists/teams/{team.pk}/delete/")
    assert response.status_code == 302 and response.url == "/specialists/teams/"
    assert not SpecialistTeam.objects.filter(pk=team.pk).exists()

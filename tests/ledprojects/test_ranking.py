"""赛马 results (WORK.md §7 LedProject: 赛马 rounds 推进会, 擂台赛 [L:平湖]): the rank is
computed from the round's scores, highest first, ties sharing a place and the next place
skipping (1, 2, 2, 4); a town sees its project's true place among all the round's
projects; one result per project and round (named constraint, Chinese message)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.ledprojects import selectors, services
from liangxin.ledprojects.models import RaceResult
from liangxin.ledprojects.selectors import competition_ranks

pytestmark = pytest.mark.django_db


def test_competition_ranks_share_ties_and_skip():
    scores = [Decimal(s) for s in ("88", "95.5", "88", "70", "95.5", "60")]
    assert competition_ranks(scores) == [3, 1, 3, 5, 1, 6]
    assert competition_ranks([]) == []
    assert competition_ranks([Decimal("0")]) == [1]


def arena(records):
    return services.round_save(
        actor=records.world.user("district_admin"), region=records.world.district,
        year=records.year, kind="arena",
        title="年度擂台赛", held_on=datetime.date(records.year, 1, 1), remarks="",
    )  # fmt: skip


def score(records, race, project, value, award=""):
    return services.result_save(
        actor=records.world.user("district_admin"), race_round=race, project=project,
        score=Decimal(value), award=award, comment="",
    )  # fmt: skip


def test_ranked_results_with_a_tie_and_a_town_sees_its_true_place(world, records):
    race = arena(records)
    score(records, race, records.city, "90", "一等奖")
    score(records, race, records.town, "85.5", "二等奖")
    score(records, race, records.unit_project, "85.5", "二等奖")
    ranked = selectors.ranked_results(race, user=world.user("district_admin"))
    assert [(x.result.project.title, x.rank, x.of) for x in ranked] == [
        ("规上企业党组织应建尽建", 1, 3),
        ("党建指导员全覆盖", 2, 3),
        ("共富工坊提质扩面", 2, 3),
    ]
    # Town A sees only its own project, at its place among all three (not first of one).
    mine = selectors.ranked_results(race, user=world.user("town_a_admin"))
    assert [(x.result.project.title, x.rank, x.of) for x in mine] == [("共富工坊提质扩面", 2, 3)]
    stats = selectors.statistics(user=world.user("district_admin"), year=records.year)
    assert [r.rank for r in stats.arena[0][1]] == [1, 2, 2]


def test_a_second_result_for_the_same_project_is_refused_in_chinese(records):
    race = arena(records)
    score(records, race, records.city, "90")
    with pytest.raises(ValidationError) as caught:
        score(records, race, records.city, "70")
    assert "该项目在本次比拼中已有成绩" in str(caught.value)
    assert RaceResult.objects.count() == 1


def test_scores_out_of_range_another_year_and_a_town_admin_are_refused(world, records):
    race = arena(records)
    with pytest.raises(ValidationError) as caught:
        score(records, race, records.city, "-1")
    assert "得分不能为负数" in str(caught.value)
    other = services.project_save(
        actor=world.user("district_admin"), year=records.year - 1, title="去年的项目",
        leader_kind="city_leader", leader_name="某领导", region=world.district,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        score(records, race, other, "80")
    assert "项目年度与本次比拼的年度不一致" in str(caught.value)
    with pytest.raises(PermissionDenied):
        services.result_save(
            actor=world.user("town_a_admin"), race_round=race, project=records.town,
            score=Decimal("99"),
        )  # fmt: skip
    assert not RaceResult.objects.exists()


def test_a_round_is_seen_in_its_district_and_below_not_elsewhere(world, records):
    race = arena(records)
    for persona in ("district_admin", "town_a_admin", "town_b_admin", "leader"):
        assert list(selectors.rounds(user=world.user(persona))) == [race], persona
    assert not selectors.rounds(user=world.user("outsider")).exists()
    assert not selectors.rounds(user=world.user("secretary")).exists()

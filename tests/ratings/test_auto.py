"""Auto items are scored from what the platform holds (WORK.md §3 "Items are auto"), say how,
and a reviewer who corrects one writes the reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import auto, services
from liangxin.ratings.models import Item, Rating
from liangxin.standards.models import (
    ChecklistResult,
    ChecklistTemplate,
    Inspection,
    Rectification,
    ResultStatus,
)
from tests.ratings.conftest import rubric_named

B = "非公企业党组织五星评定"


@pytest.fixture
def cycle(world):
    return services.cycle_open(
        actor=world.user("district_admin"), rubric=rubric_named(B), year=2026, region=world.district
    )


def item(cycle, text) -> Item:
    return Item.objects.get(dimension__rubric=cycle.rubric, text=text)


def submit(world, cycle, organization=None):
    organization = organization or world.org_a
    rating = Rating.objects.get(cycle=cycle, organization=organization)
    typed = Item.objects.filter(dimension__rubric=cycle.rubric, is_bonus=False)
    scores = {i: i.max_points for i in typed if not services.computable(i)}
    actor = world.user("district_admin")
    services.rating_self_score(actor=actor, rating=rating, scores=scores)
    return services.rating_self_submit(actor=actor, rating=rating)


def self_score(rating, text):
    return rating.scores.get(item__text=text)


def test_an_auto_item_is_computed_and_says_why(world, cycle):
    rating = submit(world, cycle)
    term = self_score(rating, "按期换届")  # organizations.term: no term start on record
    assert term.self_score == 0
    assert "本届任期已届满，或未登记本届任期开始日期" in term.auto_note
    rectified = self_score(rating, "督查整改按期销号")  # nothing overdue
    assert rectified.self_score == 5 and "督查整改按期销号" in rectified.auto_note


def test_the_platforms_records_earn_the_points(world, cycle):
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(
        term_started_on=datetime.date(2025, 1, 1)
    )
    template = ChecklistTemplate.objects.create(
        name="测试清单", effective_from=datetime.date(2026, 1, 1), source="测试"
    )
    ChecklistResult.objects.create(
        organization=world.org_a,
        template=template,
        year=2026,
        status=ResultStatus.MET,
        met_on=datetime.date(2026, 6, 1),
    )
    inspection = Inspection.objects.create(
        kind="special", held_on=datetime.date(2026, 3, 1), region=world.town_a, team="督查组"
    )
    Rectification.objects.create(
        inspection=inspection,
        organization=world.org_a,
        text="台账不全",
        owner="书记",
        due_on=datetime.date(2026, 4, 1),
    )
    rating = submit(world, cycle)
    assert self_score(rating, "按期换届").self_score == 6
    assert self_score(rating, "活动阵地规范").self_score == 5  # standards.checklist
    overdue = self_score(rating, "督查整改按期销号")
    assert overdue.self_score == 0 and "有逾期未销号的整改事项" in overdue.auto_note


def test_the_organization_does_not_type_an_auto_score(world, cycle):
    rating = Rating.objects.get(cycle=cycle, organization=world.org_a)
    with pytest.raises(ValidationError, match="由平台数据计算"):
        services.rating_self_score(
            actor=world.user("secretary"), rating=rating, scores={item(cycle, "按期换届"): 6}
        )


def test_the_sources_the_rubrics_named_ahead_are_computed_now(world, cycle):
    """The default rubric's 职工诉求及时办结 names requests.on_time, contributed by the
    requests app (issue 18); training.coverage by the workforce's training (issue 17)."""
    assert services.computable(item(cycle, "职工诉求及时办结"))
    assert {"requests.on_time", "training.coverage"} <= set(auto.sources())


def test_a_reviewer_corrects_an_auto_score_with_a_reason(world, cycle):
    rating = submit(world, cycle)
    town = world.user("town_a_admin")
    term = item(cycle, "按期换届")
    with pytest.raises(ValidationError, match="须写明理由"):
        services.rating_town_review(actor=town, rating=rating, scores={term: 6}, satisfaction=90)
    services.rating_town_review(
        actor=town, rating=rating, scores={term: (6, "已于2025年换届，系统未登记")}, satisfaction=90
    )
    row = self_score(rating, "按期换届")
    assert (row.self_score, row.town_score, row.town_comment) == (
        0,
        6,
        "已于2025年换届，系统未登记",
    )


def test_auto_scores_for_many_organizations_at_once(world, cycle):
    items = [
        i for i in Item.objects.filter(dimension__rubric=cycle.rubric) if services.computable(i)
    ]
    organizations = PartyOrganization.objects.filter(pk__in=[world.org_a.pk, world.org_b.pk])
    found = auto.auto_scores(items, organizations, datetime.date(2026, 12, 31))
    assert len(found) == 2 * len(items)


def test_the_towns_correction_carries_to_the_district(world, cycle):
    rating = submit(world, cycle)
    term = item(cycle, "按期换届")
    services.rating_town_review(
        actor=world.user("town_a_admin"),
        rating=rating,
        scores={term: (6, "已于2025年换届，系统未登记")},
        satisfaction=90,
    )
    services.rating_district_approve(actor=world.user("district_admin"), rating=rating)
    row = self_score(rating, "按期换届")
    assert (row.town_score, row.district_score, row.final_score) == (6, 6, 6)

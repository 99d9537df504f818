"""The seeded rubrics (WORK.md §3) and the named constraints of the rating records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from liangxin.ratings.models import (
    Item,
    ItemScore,
    Rating,
    RatingCycle,
    Rubric,
    RubricModel,
)
from tests.ratings.conftest import rubric_named

B = "非公企业党组织五星评定"
C = "两新党组织六星评价"
A = "基层党组织分类定级"


def _points(rubric, *, bonus: bool) -> int:
    items = Item.objects.filter(dimension__rubric=rubric, is_bonus=bonus)
    return sum(item.max_points for item in items)


def test_model_b_is_bands_90_80_70_60_with_30_percent_satisfaction(db):
    """[L:邹城] 五星 ≥ 90 … 一星 < 60, 群众满意度 30%; [L:陕西] 6 categories, 18 indicators."""
    rubric = rubric_named(B)
    assert rubric.model == RubricModel.BANDS and rubric.cycle_years == 2
    assert [(b.min_points, b.level) for b in rubric.bands.all()] == [
        (90, 5),
        (80, 4),
        (70, 3),
        (60, 2),
        (0, 1),
    ]
    assert rubric.satisfaction_weight == Decimal("0.30")
    categories = rubric.dimensions.exclude(name="加分项")
    assert categories.count() == 6
    assert Item.objects.filter(dimension__in=categories).count() == 18
    assert _points(rubric, bonus=False) == 100 and _points(rubric, bonus=True) == 10
    assert rubric.bonus_cap == 10
    assert rubric.vetoes.count() == 4 and "陕西" in rubric.vetoes.first().source


def test_model_c_is_six_100_point_dimensions_with_a_star_at_80(db):
    """[I] 浙江 六星: six 100-point stars earned at 80."""
    rubric = rubric_named(C)
    assert rubric.model == RubricModel.DIMENSION_STARS and rubric.star_count == 6
    dimensions = list(rubric.dimensions.all())
    assert len(dimensions) == 6
    for dimension in dimensions:
        assert dimension.max_points == 100 and dimension.star_share == Decimal("0.80")
        assert sum(i.max_points for i in dimension.items.all()) == 100


def test_model_a_grades(db):
    """[N frame 分类定级意见, L numbers] 好 ≥ 90, 较好 80–89, 一般 60–79, 较差 < 60."""
    rubric = rubric_named(A)
    assert rubric.model == RubricModel.GRADES
    assert [(b.min_points, b.label) for b in rubric.bands.all()] == [
        (90, "好"),
        (80, "较好"),
        (60, "一般"),
        (0, "较差"),
    ]
    assert rubric.dimensions.count() == 7 and _points(rubric, bonus=False) == 100
    assert rubric.satisfaction_caps.get().below == 90


@pytest.fixture
def cycle(world):
    return RatingCycle.objects.create(rubric=rubric_named(B), year=2026, region=world.district)


def test_one_rating_per_organization_per_cycle(world, cycle):
    Rating.objects.create(cycle=cycle, organization=world.org_a)
    with pytest.raises(ValidationError, match="该党组织在本周期已有评定记录"):
        Rating(cycle=cycle, organization=world.org_a).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(cycle=cycle, organization=world.org_a)


@pytest.mark.parametrize("score", [-1, 9])
def test_scores_stay_within_the_item_points(world, cycle, score):
    rating = Rating.objects.create(cycle=cycle, organization=world.org_a)
    item = Item.objects.get(dimension__rubric=cycle.rubric, text="组织生活按期开展")  # 8 points
    with pytest.raises(IntegrityError, match="rating_town_score_range"), transaction.atomic():
        ItemScore.objects.create(
            rating=rating, item=item, max_points=item.max_points, town_score=score
        )
    ItemScore.objects.create(rating=rating, item=item, max_points=item.max_points, town_score=8)


def test_star_count_is_5_or_6(db):
    with pytest.raises(IntegrityError, match="rating_rubric_star_count"), transaction.atomic():
        Rubric.objects.create(
            name="x", model="bands", star_count=7, effective_from=datetime.date(2026, 1, 1)
        )

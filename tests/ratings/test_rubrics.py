"""Rubrics are data a district admin edits (WORK.md §8); a version a cycle used is never
edited — a new version is copied (WORK.md common shape [I])."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.ratings import services
from liangxin.ratings.models import Band, Dimension, Item, Rubric
from tests.ratings.conftest import rubric_named

B = "非公企业党组织五星评定"


def count_rows(rubric: Rubric) -> tuple:
    return (
        rubric.dimensions.count(),
        Item.objects.filter(dimension__rubric=rubric).count(),
        rubric.vetoes.count(),
        rubric.bands.count(),
        rubric.satisfaction_caps.count(),
        rubric.distribution_caps.count(),
    )


def test_a_used_version_is_never_edited_a_new_one_is_copied(world):
    district = world.user("district_admin")
    used = rubric_named(B)
    services.cycle_open(actor=district, rubric=used, year=2026, region=world.district)
    with pytest.raises(ValidationError, match="已被评定周期使用"):
        services.rubric_update(actor=district, rubric=used, data={"star_count": 6})
    band = used.bands.get(level=5)
    with pytest.raises(ValidationError, match="已被评定周期使用"):
        services.rubric_row_save(
            actor=district, rubric=used, model=Band, data={"min_points": 95}, row=band
        )
    with pytest.raises(ValidationError, match="已被评定周期使用"):
        services.rubric_row_delete(actor=district, row=band)

    copy = services.rubric_new_version(actor=district, rubric=used)
    assert (copy.name, copy.version) == (B, 2)
    assert count_rows(copy) == count_rows(used)
    services.rubric_row_save(
        actor=district,
        rubric=copy,
        model=Band,
        data={"min_points": 95},
        row=copy.bands.get(level=5),
    )
    assert copy.bands.get(level=5).min_points == 95
    assert used.bands.get(level=5).min_points == 90  # the used version is as it was


def test_rows_are_checked(world):
    district = world.user("district_admin")
    rubric = rubric_named(B)
    dimension = rubric.dimensions.first()
    with pytest.raises(ValidationError, match="未知的自动数据来源"):
        services.rubric_row_save(
            actor=district,
            rubric=rubric,
            model=Item,
            data={
                "dimension": dimension,
                "text": "新项目",
                "max_points": D(2),
                "kind": "auto",
                "auto_source": "nothing.here",
            },
        )
    other = rubric_named("两新党组织六星评价").dimensions.first()
    with pytest.raises(ValidationError, match="不属于此细则版本"):
        services.rubric_row_save(
            actor=district,
            rubric=rubric,
            model=Item,
            data={"dimension": other, "text": "新项目", "max_points": D(2), "kind": "assessed"},
        )
    with pytest.raises(ValidationError, match="该细则已有同名维度"):
        services.rubric_row_save(
            actor=district,
            rubric=rubric,
            model=Dimension,
            data={"name": dimension.name, "max_points": 5},
        )


def test_only_the_district_edits_rubrics(world):
    rubric = rubric_named(B)
    for persona in ("town_a_admin", "secretary"):
        with pytest.raises(PermissionDenied):
            services.rubric_update(actor=world.user(persona), rubric=rubric, data={"star_count": 6})
        with pytest.raises(PermissionDenied):
            services.rubric_new_version(actor=world.user(persona), rubric=rubric)

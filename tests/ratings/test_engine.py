"""The rating arithmetic (WORK.md §3), boundary by boundary, without a database."""

import datetime
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangxin.ratings import engine
from liangxin.ratings.engine import (
    BandSpec,
    CapSpec,
    CategoryFacts,
    CategoryRule,
    DimensionSpec,
    DistributionCapSpec,
    ItemSpec,
    RubricSpec,
)

STAR_BANDS = (
    BandSpec(D(90), 5, "五星"),
    BandSpec(D(80), 4, "四星"),
    BandSpec(D(70), 3, "三星"),
    BandSpec(D(60), 2, "二星"),
    BandSpec(D(0), 1, "一星"),
)
GRADE_BANDS = (
    BandSpec(D(90), 4, "好"),
    BandSpec(D(80), 3, "较好"),
    BandSpec(D(60), 2, "一般"),
    BandSpec(D(0), 1, "较差"),
)


def bands_rubric(**extra) -> RubricSpec:
    """Model B in small: one 100-point item, one 15-point bonus item [L:邹城]."""
    fields = dict(
        model=engine.BANDS,
        dimensions=(DimensionSpec("班子", D(100)), DimensionSpec("加分项", D(15))),
        items=(ItemSpec("main", "班子", D(100)), ItemSpec("bonus", "加分项", D(15), True)),
        bands=STAR_BANDS,
        bonus_cap=D(10),
    )
    return RubricSpec(**{**fields, **extra})


def stars_rubric(star_count=6, share=D("0.80")) -> RubricSpec:
    """Model C: six 100-point dimensions, a star at 80 [I 浙江 六星]."""
    names = ["组织建设", "队伍建设", "制度落实", "阵地保障", "作用发挥", "群众评价"]
    return RubricSpec(
        model=engine.DIMENSION_STARS,
        dimensions=tuple(DimensionSpec(n, D(100), share) for n in names),
        items=tuple(ItemSpec(n, n, D(100)) for n in names),
        star_count=star_count,
    )


def grades_rubric() -> RubricSpec:
    """Model A: 分类定级 [N frame, L numbers], satisfaction < 90 % not 好/较好 [L]."""
    return RubricSpec(
        model=engine.GRADES,
        dimensions=(DimensionSpec("业绩", D(100)),),
        items=(ItemSpec("main", "业绩", D(100)),),
        bands=GRADE_BANDS,
        satisfaction_caps=(CapSpec(D(90), 2),),
    )


# --- model B: bands -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "level", "label"),
    [
        ("90", 5, "五星"),
        ("89.99", 4, "四星"),
        ("80", 4, "四星"),
        ("70", 3, "三星"),
        ("60", 2, "二星"),
        ("59.99", 1, "一星"),
        ("0", 1, "一星"),
    ],
)
def test_bands_boundaries(points, level, label):
    """[L:邹城] 五星 ≥ 90, 四星 80–89, 三星 70–79, 二星 60–69, 一星 < 60: exactly 90 is 五星."""
    result = engine.score(bands_rubric(), {"main": D(points)})
    assert (result.level, result.label, result.total) == (level, label, D(points))


def test_bonus_is_capped():
    """[L:邹城] 100 points, 110 with the bonus: 15 bonus points count as 10."""
    result = engine.score(bands_rubric(), {"main": D(85), "bonus": D(15)})
    assert result.total == D(95)
    assert engine.score(bands_rubric(bonus_cap=D(5)), {"main": D(85), "bonus": D(15)}).total == 90


def test_satisfaction_weighs_30_percent():
    """[L:邹城] 群众满意度 30%: 100 points and 70 % satisfied → 70 + 21 = 91, 五星."""
    rubric = bands_rubric(satisfaction_weight=D("0.30"))
    result = engine.score(rubric, {"main": D(100)}, satisfaction=D(70))
    assert (result.total, result.level) == (D(91), 5)
    assert result.complete
    missing = engine.score(rubric, {"main": D(100)})
    assert not missing.complete and "满意度未录入" in " ".join(missing.lines)


@pytest.mark.parametrize(("satisfaction", "level"), [("59.99", 2), ("60", 5)])
def test_satisfaction_under_60_is_at_most_two_stars(satisfaction, level):
    """[L:邹城] satisfaction < 60 %: ≤ 二星, whatever the points."""
    rubric = bands_rubric(satisfaction_caps=(CapSpec(D(60), 2),))
    result = engine.score(rubric, {"main": D(100)}, satisfaction=D(satisfaction))
    assert result.level == level


def test_veto_leaves_no_star_even_at_full_marks():
    """[L:陕西, 2014] one 一票否决 item: no rating that cycle, at full marks elsewhere."""
    result = engine.score(bands_rubric(), {"main": D(100), "bonus": D(10)}, vetoed=True)
    assert result.total == 110
    assert (result.level, result.vetoed, result.label) == (None, True, "一票否决")
    assert result.stars(bands_rubric()) is None


def test_six_star_bands():
    """5 vs 6 stars: a sixth band is only reached under a six-star rubric."""
    six = bands_rubric(star_count=6, bands=(BandSpec(D(95), 6, "六星"), *STAR_BANDS))
    assert engine.score(six, {"main": D(96)}).level == 6
    capped = bands_rubric(star_count=5, bands=(BandSpec(D(95), 6, "六星"), *STAR_BANDS))
    assert engine.score(capped, {"main": D(96)}).level == 5


# --- model C: a star per dimension ----------------------------------------------------------


def test_dimension_at_exactly_its_share_earns_the_star():
    """[I 浙江 六星] a star at ≥ 80 of 100: 80 earns it, 79.99 does not."""
    rubric = stars_rubric()
    scores = {d.name: D(100) for d in rubric.dimensions}
    assert engine.score(rubric, scores).level == 6
    assert engine.score(rubric, {**scores, "群众评价": D(80)}).level == 6
    result = engine.score(rubric, {**scores, "群众评价": D("79.99")})
    assert (result.level, result.label) == (5, "五星")


def test_dimension_share_85_percent():
    """[L: "争星达标创五好"] a star at ≥ 85 % of a dimension's points: 17 of 20 earns it."""
    rubric = RubricSpec(
        model=engine.DIMENSION_STARS,
        dimensions=(DimensionSpec("班子好", D(20), D("0.85")),),
        items=(ItemSpec("a", "班子好", D(12)), ItemSpec("b", "班子好", D(8))),
    )
    assert engine.score(rubric, {"a": D(12), "b": D(5)}).level == 1
    assert engine.score(rubric, {"a": D(12), "b": D("4.99")}).level == 0


def test_five_vs_six_stars():
    """The same full marks give six stars under 六星 and five under a five-star rubric."""
    scores = {d.name: D(100) for d in stars_rubric().dimensions}
    assert engine.score(stars_rubric(6), scores).level == 6
    assert engine.score(stars_rubric(5), scores).level == 5


def test_veto_under_dimension_stars():
    rubric = stars_rubric()
    scores = {d.name: D(100) for d in rubric.dimensions}
    assert engine.score(rubric, scores, vetoed=True).level is None


# --- model A: grades ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "label"),
    [
        ("90", "好"),
        ("89.99", "较好"),
        ("80", "较好"),
        ("79.99", "一般"),
        ("60", "一般"),
        ("59", "较差"),
    ],
)
def test_grades_boundaries(points, label):
    """[N frame 分类定级意见, L numbers] 好 ≥ 90, 较好 80–89, 一般 60–79, 较差 < 60."""
    result = engine.score(grades_rubric(), {"main": D(points)})
    assert result.label == label and result.stars(grades_rubric()) is None


@pytest.mark.parametrize(("satisfaction", "label"), [("89.9", "一般"), ("90", "好")])
def test_satisfaction_under_90_is_not_good(satisfaction, label):
    """[L: a 分类定级 scheme] satisfaction < 90 %: not 好/较好."""
    result = engine.score(grades_rubric(), {"main": D(100)}, satisfaction=D(satisfaction))
    assert result.label == label


def test_veto_under_grades_is_the_lowest_grade():
    result = engine.score(grades_rubric(), {"main": D(100)}, vetoed=True)
    assert (result.label, result.vetoed) == ("较差", True)


# --- categories -----------------------------------------------------------------------------

ON = datetime.date(2026, 12, 31)
RULE = CategoryRule(top_level=5)


def facts(**extra) -> CategoryFacts:
    fields = dict(
        established_on=datetime.date(2020, 1, 1),
        joint_or_temporary=False,
        full_members=10,
        has_brand=False,
        checklist_met=True,
    )
    return CategoryFacts(**{**fields, **extra})


@pytest.mark.parametrize(
    ("level", "extra", "category"),
    [
        (5, {"has_brand": True}, engine.MODEL),
        (5, {}, engine.STANDARD),
        (4, {"has_brand": True}, engine.STANDARD),
        (3, {}, engine.STANDARD),
        (2, {}, engine.GROWING),
        (5, {"checklist_met": False}, engine.GROWING),
        (None, {}, engine.GROWING),
        (5, {"has_brand": True, "full_members": 2}, engine.INCUBATING),
        (5, {"joint_or_temporary": True}, engine.INCUBATING),
        (3, {"established_on": datetime.date(2026, 1, 1)}, engine.INCUBATING),
        (3, {"established_on": datetime.date(2025, 12, 31)}, engine.STANDARD),
    ],
)
def test_default_category(level, extra, category):
    """WORK.md §3 [I], categories of [L:泉州]: 示范 = top level + a brand; 达标 = checklist
    达标 and ≥ 三星; 成长 = rated below; 孵化 = founded < 1 year, joint/temporary, < 3 full."""
    assert engine.default_category(level, facts(**extra), RULE, ON) == category


def test_category_override_needs_a_reason():
    engine.check_category_override(engine.GROWING, engine.GROWING, "")
    engine.check_category_override(engine.GROWING, engine.STANDARD, "经实地走访认定")
    with pytest.raises(ValueError, match="理由"):
        engine.check_category_override(engine.GROWING, engine.STANDARD, "  ")


# --- distribution caps ----------------------------------------------------------------------


def test_distribution_cap_exceeded_warns():
    """[L: a city citing 分类定级意见] 五星 ≤ 10 %: 2 of 10 warns, 1 of 10 (exactly) does not."""
    caps = [DistributionCapSpec(5, D("0.10")), DistributionCapSpec(1, D("0.05"))]
    at_cap = [5, 4, 4, 3, 3, 3, 3, 2, 2, 2]
    assert engine.distribution_warnings(at_cap, caps) == []
    over = [5, 5, 4, 3, 3, 3, 3, 2, 2, 1]
    warnings = engine.distribution_warnings(over, caps)
    assert warnings == [
        "五星 2 个，占 20%，超过比例控制 10%（仅作提示）",
        "一星 1 个，占 10%，超过比例控制 5%（仅作提示）",
    ]
    assert engine.distribution_warnings([], caps) == []


# --- properties -----------------------------------------------------------------------------

POINTS = st.decimals(min_value=0, max_value=100, places=2)
RATES = st.none() | st.decimals(min_value=0, max_value=100, places=2)


@given(a=POINTS, b=POINTS, satisfaction=RATES)
def test_more_points_never_lower_the_level(a, b, satisfaction):
    rubric = bands_rubric(satisfaction_weight=D("0.30"), satisfaction_caps=(CapSpec(D(60), 2),))
    low, high = sorted((a, b))
    first = engine.score(rubric, {"main": low}, satisfaction=satisfaction)
    second = engine.score(rubric, {"main": high}, satisfaction=satisfaction)
    assert first.level <= second.level


@given(scores=st.lists(POINTS, min_size=6, max_size=6), six=st.booleans())
def test_stars_never_pass_the_star_count_and_a_veto_leaves_none(scores, six):
    rubric = stars_rubric(6 if six else 5)
    keyed = {d.name: s for d, s in zip(rubric.dimensions, scores, strict=True)}
    assert 0 <= engine.score(rubric, keyed).level <= rubric.star_count
    assert engine.score(rubric, keyed, vetoed=True).level is None

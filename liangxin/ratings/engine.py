"""The arithmetic of a rating (WORK.md §3), as pure functions over plain values: no database.

Three models are in use:
- bands (B): the total maps to stars by thresholds, e.g. 90/80/70/60 → 五星..二星, else 一星
  [L:邹城]; 群众满意度 may weigh in (30 %), bonus items add up to a cap (100 → 110).
- dimension stars (C): one star for each dimension whose score reaches its share of the
  dimension's points (85 %, or 80 of 100) [L: "争星达标创五好"; 浙江 六星 I].
- grades (A): the total maps to 好 ≥ 90, 较好 80–89, 一般 60–79, 较差 < 60 [N frame, L].
Then the caps: a satisfaction rate under a line caps the level (< 90 %: not 好/较好; < 60 %:
at most 二星), and one 一票否决 answer leaves no star that cycle, whatever the points [L:陕西].
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

BANDS, DIMENSION_STARS, GRADES = "bands", "dimension_stars", "grades"
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
NUMERALS = "零一二三四五六"


def star_label(level: int | None) -> str:
    if not level:
        return "无星"
    return f"{NUMERALS[level]}星"


def _round(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _share_text(share: Decimal) -> str:
    return f"{_round(Decimal(share) * HUNDRED).normalize():f}%"


@dataclass(frozen=True)
class DimensionSpec:
    name: str
    max_points: Decimal
    star_share: Decimal | None = None


@dataclass(frozen=True)
class ItemSpec:
    key: object  # whatever identifies the item to the caller (a primary key, a text)
    dimension: str
    max_points: Decimal
    is_bonus: bool = False


@dataclass(frozen=True)
class BandSpec:
    min_points: Decimal
    level: int
    label: str


@dataclass(frozen=True)
class CapSpec:
    """Satisfaction under ``below`` % caps the level at ``max_level``."""

    below: Decimal
    max_level: int


@dataclass(frozen=True)
class RubricSpec:
    model: str
    dimensions: tuple[DimensionSpec, ...]
    items: tuple[ItemSpec, ...]
    bands: tuple[BandSpec, ...] = ()
    star_count: int = 5
    bonus_cap: Decimal = Decimal(0)
    satisfaction_weight: Decimal = Decimal(0)
    satisfaction_caps: tuple[CapSpec, ...] = ()

    @property
    def top_level(self) -> int:
        if self.model == GRADES:
            return max((band.level for band in self.bands), default=0)
        return self.star_count

    def level_label(self, level: int | None) -> str:
        if self.model == DIMENSION_STARS or not level:
            return star_label(level)
        return next((b.label for b in self.bands if b.level == level), star_label(level))


@dataclass(frozen=True)
class Result:
    total: Decimal
    level: int | None
    label: str
    vetoed: bool = False
    complete: bool = True  # False while a weighed satisfaction rate is missing
    lines: tuple[str, ...] = field(default=())

    def stars(self, rubric: RubricSpec) -> int | None:
        """The stars an organization carries: none for a grade, nor for 0 stars."""
        return None if rubric.model == GRADES or not self.level else self.level


# --- points ---------------------------------------------------------------------------------


def _points(items: Iterable[ItemSpec], scores: Mapping) -> Decimal:
    return sum((Decimal(scores.get(item.key) or 0) for item in items), Decimal(0))


def base_points(rubric: RubricSpec, scores: Mapping) -> Decimal:
    return _points((i for i in rubric.items if not i.is_bonus), scores)


def bonus_points(rubric: RubricSpec, scores: Mapping) -> Decimal:
    """Bonus items add up to the rubric's cap, never more (100 + 10 → 110)."""
    earned = _points((i for i in rubric.items if i.is_bonus), scores)
    return min(earned, Decimal(rubric.bonus_cap))


def base_max(rubric: RubricSpec) -> Decimal:
    return sum((Decimal(i.max_points) for i in rubric.items if not i.is_bonus), Decimal(0))


def dimension_points(rubric: RubricSpec, scores: Mapping) -> dict[str, Decimal]:
    return {
        d.name: _points((i for i in rubric.items if i.dimension == d.name), scores)
        for d in rubric.dimensions
    }


def weighted_total(
    rubric: RubricSpec, scores: Mapping, satisfaction: Decimal | None
) -> tuple[Decimal, bool]:
    """(total, complete): the points, with the satisfaction rate weighed in where the rubric
    weighs it (30 %: 70 % of the points plus 30 % of the rate scaled to the points' maximum),
    plus the capped bonus."""
    base, weight = base_points(rubric, scores), Decimal(rubric.satisfaction_weight)
    complete = not weight or satisfaction is not None
    if weight and satisfaction is not None:
        rate = Decimal(satisfaction) / HUNDRED * base_max(rubric)
        base = base * (1 - weight) + rate * weight
    return _round(base + bonus_points(rubric, scores)), complete


# --- levels ---------------------------------------------------------------------------------


def band_level(bands: Sequence[BandSpec], total: Decimal) -> BandSpec | None:
    """The highest band whose lower bound the total reaches (exactly 90 is 五星)."""
    reached = [band for band in bands if Decimal(total) >= Decimal(band.min_points)]
    return max(reached, key=lambda band: band.min_points, default=None)


def dimension_earns_star(dimension: DimensionSpec, points: Decimal) -> bool:
    """A dimension at exactly its share earns the star (≥, not >)."""
    if dimension.star_share is None:
        return False
    return Decimal(points) >= Decimal(dimension.star_share) * Decimal(dimension.max_points)


def dimension_stars(rubric: RubricSpec, scores: Mapping) -> tuple[int, list[str]]:
    points = dimension_points(rubric, scores)
    earned = [d.name for d in rubric.dimensions if dimension_earns_star(d, points[d.name])]
    return min(len(earned), rubric.star_count), earned


def satisfaction_cap(rubric: RubricSpec, satisfaction: Decimal | None) -> int | None:
    """The lowest level a satisfaction rate under a cap's line allows, or None."""
    if satisfaction is None:
        return None
    caps = [c.max_level for c in rubric.satisfaction_caps if Decimal(satisfaction) < c.below]
    return min(caps, default=None)


def _uncapped_level(rubric: RubricSpec, scores: Mapping, total: Decimal) -> tuple[int, str]:
    if rubric.model == DIMENSION_STARS:
        stars, earned = dimension_stars(rubric, scores)
        return stars, f"达标维度：{'、'.join(earned) or '无'}"
    band = band_level(rubric.bands, total)
    if band is None:
        return 0, f"总分 {total} 未达到任何分档"
    return min(band.level, rubric.top_level), f"总分 {total} ≥ {band.min_points}：{band.label}"


def _lowest_grade(rubric: RubricSpec) -> int:
    return min((band.level for band in rubric.bands), default=0)


def score(
    rubric: RubricSpec,
    scores: Mapping,
    *,
    vetoed: bool = False,
    satisfaction: Decimal | None = None,
) -> Result:
    """The result of one organization: total, level and label, and how they were reached."""
    total, complete = weighted_total(rubric, scores, satisfaction)
    level, why = _uncapped_level(rubric, scores, total)
    lines = [f"总分 {total}", why]
    if not complete:
        lines.append("群众满意度未录入：总分暂未计入满意度")
    cap = satisfaction_cap(rubric, satisfaction)
    if cap is not None and level > cap:
        level = cap
        lines.append(f"群众满意度 {satisfaction}% 偏低：最高{rubric.level_label(cap)}")
    if vetoed:
        return _vetoed(rubric, total, complete, lines)
    return Result(total, level, rubric.level_label(level), False, complete, tuple(lines))


def _vetoed(rubric: RubricSpec, total: Decimal, complete: bool, lines: list[str]) -> Result:
    """No star that cycle; under 分类定级 the lowest grade (较差) [I: every organization is
    graded under 分类定级, a veto cannot leave it ungraded]."""
    if rubric.model == GRADES:
        level = _lowest_grade(rubric)
        label = rubric.level_label(level)
        lines.append(f"一票否决：定为{label}")
        return Result(total, level, label, True, complete, tuple(lines))
    lines.append("一票否决：本周期不评星")
    return Result(total, None, "一票否决", True, complete, tuple(lines))


# --- categories (示范/达标/成长/孵化) --------------------------------------------------------

MODEL, STANDARD, GROWING, INCUBATING = "model", "standard", "growing", "incubating"


@dataclass(frozen=True)
class CategoryFacts:
    established_on: date | None
    joint_or_temporary: bool
    full_members: int
    has_brand: bool
    checklist_met: bool


@dataclass(frozen=True)
class CategoryRule:
    top_level: int
    standard_min_level: int = 3
    incubating_months: int = 12
    incubating_min_members: int = 3


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def is_incubating(facts: CategoryFacts, rule: CategoryRule, on: date) -> bool:
    young = (
        facts.established_on is not None
        and _months_between(facts.established_on, on) < rule.incubating_months
    )
    few = facts.full_members < rule.incubating_min_members
    return young or facts.joint_or_temporary or few


def default_category(level: int | None, facts: CategoryFacts, rule: CategoryRule, on: date):
    """WORK.md §3 [I] default, first match: 孵化 = founded < 1 year, joint/temporary or < 3
    full members; 示范 = the top level and a named brand; 达标 = checklist 达标 and ≥ 三星;
    成长 = the rest."""
    if is_incubating(facts, rule, on):
        return INCUBATING
    if level and level >= rule.top_level and facts.has_brand:
        return MODEL
    if level and level >= rule.standard_min_level and facts.checklist_met:
        return STANDARD
    return GROWING


def check_category_override(default: str, chosen: str, reason: str) -> None:
    """A category other than the default rule's needs a reason."""
    if chosen != default and not reason.strip():
        raise ValueError("不按默认规则归类须写明理由")


# --- distribution caps ----------------------------------------------------------------------


@dataclass(frozen=True)
class DistributionCapSpec:
    level: int
    max_share: Decimal


def distribution_warnings(
    levels: Sequence[int | None], caps: Iterable[DistributionCapSpec], label=star_label
) -> list[str]:
    """Warnings where the share of the rated at a level passes its cap: they inform the
    district's approval, never block it (WORK.md §3)."""
    rated = len(levels)
    warnings = []
    for cap in sorted(caps, key=lambda c: -c.level):
        count = sum(1 for level in levels if level == cap.level)
        if rated and Decimal(count) / rated > Decimal(cap.max_share):
            warnings.append(
                f"{label(cap.level)} {count} 个，占 {_share_text(Decimal(count) / rated)}，"
                f"超过比例控制 {_share_text(cap.max_share)}（仅作提示）"
            )
    return warnings

"""A party worker's year-end grade from their 工作清单 (WORK.md §4, [L:张家港]).

1. The list's score is the sum over its items of weight × progress / 100 (weights add up
   to 100, so the score runs 0–100), rounded half up to one decimal: ``list_score``.
2. The score gives a grade by three configurable cut-offs (rules_workers.py,
   ``workforce.grade_*_min``, defaults 90/75/60 [I]): a score equal to a cut-off earns the
   higher grade (90 → 优秀, 89.9 → 称职): ``grade_for``.
3. The assessor may set a grade of their own (after 述职, 测评, talks): it overrides the
   computed one, which stays on the record beside it: ``combine``.

Pure functions: no database, so the page, the service and the tests agree."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from liangxin.workforce.models_people import Grade

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Thresholds:
    excellent: Decimal
    competent: Decimal
    basic: Decimal


def thresholds() -> Thresholds:
    """The cut-offs in force (the district's rule values)."""
    from liangxin.rules.values import rule_value
    from liangxin.workforce import rules_workers as r

    return Thresholds(
        excellent=Decimal(str(rule_value(r.GRADE_EXCELLENT_MIN))),
        competent=Decimal(str(rule_value(r.GRADE_COMPETENT_MIN))),
        basic=Decimal(str(rule_value(r.GRADE_BASIC_MIN))),
    )


def list_score(items: Iterable[tuple[int, int]]) -> Decimal:
    """Σ weight × progress / 100 over (weight, progress) pairs, to one decimal."""
    return score_from_points(sum(weight * progress for weight, progress in items))


def score_from_points(points: int | None) -> Decimal:
    """The score of Σ weight × progress (an SQL sum, or None for a list without items)."""
    return (Decimal(points or 0) / 100).quantize(TENTH, rounding=ROUND_HALF_UP)


def grade_for(score: Decimal, cutoffs: Thresholds) -> str:
    if score >= cutoffs.excellent:
        return Grade.EXCELLENT
    if score >= cutoffs.competent:
        return Grade.COMPETENT
    if score >= cutoffs.basic:
        return Grade.BASIC
    return Grade.INCOMPETENT


def combine(computed: str, assessor_grade: str = "") -> str:
    """The grade on the record: the assessor's when given, else the computed one."""
    return assessor_grade or computed

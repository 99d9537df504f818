"""A board's arithmetic, shared by the SQL engine and the reference: indicator values to
points, points to a weighted score, scores to ranks. Pure functions on plain values."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Weighted:
    """An indicator as a board uses it: its weight and the value earning full marks."""

    key: str
    weight: Decimal
    full: Decimal


def as_value(number) -> Decimal | None:
    """A value as kept and compared: two decimals, half up (None stays None)."""
    if number is None:
        return None
    return Decimal(number).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio_percent(numerator: int, denominator: int) -> Decimal | None:
    return as_value(Decimal(numerator) * HUNDRED / denominator) if denominator else None


def points(value: Decimal, full: Decimal) -> Decimal:
    """0–100: the share of ``full`` reached, never above full marks."""
    return min(value * HUNDRED / full, HUNDRED)


def score(values: dict, indicators: tuple[Weighted, ...]) -> Decimal | None:
    """The weighted mean of the points of the indicators that have a value: an indicator
    a subject has nothing to measure by (no meeting owed yet) neither helps nor harms it.
    None when no indicator has a value."""
    present = [w for w in indicators if values.get(w.key) is not None]
    total_weight = sum((w.weight for w in present), Decimal(0))
    if not total_weight:
        return None
    earned = sum(w.weight * points(values[w.key], w.full) for w in present)
    return as_value(earned / total_weight)


def ranks(scores: dict) -> dict:
    """{subject: rank}: 1 for the highest score, equal scores share a rank (1, 2, 2, 4);
    a subject without a score has no rank."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {subject: first.get(value) for subject, value in scores.items()}

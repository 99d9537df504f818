"""Numbers as the pages and the statistics show them."""

from decimal import ROUND_HALF_UP, Decimal


def rate(numerator: int, denominator: int) -> float | None:
    """Percentage rounded half-up to one decimal; ``None`` when the denominator is empty."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

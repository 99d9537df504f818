"""Exact money arithmetic of the funds: yuan to the fen, ROUND_HALF_UP, never a float.

A year's amount under a rule with versions is pro rata by months in force [I]: each month
takes the version in force on its first day, one twelfth of that version's yearly amount;
the sum is quantized once at the end (6×1000/12 + 6×1200/12 = 1,100.00)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

FEN = Decimal("0.01")
MAX_YUAN = Decimal("999999999999.99")  # 14 digits, 2 after the point


def quantize(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def parse_yuan(value, *, field: str = "amount", allow_zero: bool = True) -> Decimal:
    """A typed or given amount checked exactly: not a number, negative, more than two
    decimals (1.005 is refused, never rounded) or too large → a Chinese error."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: "请输入金额，如 1000 或 1000.50"}) from exc
    if not amount.is_finite():
        raise ValidationError({field: "请输入金额，如 1000 或 1000.50"})
    if amount != amount.quantize(FEN):
        raise ValidationError({field: "金额最多精确到分（小数点后两位），请勿输入更多小数"})
    if amount < 0:
        raise ValidationError({field: "金额不能为负数"})
    if amount == 0 and not allow_zero:
        raise ValidationError({field: "金额须大于 0"})
    if amount > MAX_YUAN:
        raise ValidationError({field: "金额过大"})
    return amount.quantize(FEN)


def month_starts(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, 1) for month in range(1, 13)]


def in_force(version, day: datetime.date) -> bool:
    return version.effective_from <= day and (
        version.effective_to is None or version.effective_to >= day
    )


def months_in_force(version, year: int, from_month: int = 1) -> int:
    """Months of ``year`` from ``from_month`` (included) whose first day the version is in
    force on."""
    return sum(
        1 for day in month_starts(year) if day.month >= from_month and in_force(version, day)
    )


def share(amount: Decimal, months: int) -> Decimal:
    """Unrounded: ``months`` twelfths of a yearly amount (rounded once, by the caller)."""
    return amount * months / 12

"""How much a member pays each month: the brackets of 中组发〔2008〕3号.

Source: 《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）, part 一
"党费的收缴" (RULES.md "Dues"). The brackets are fixed by that regulation, so they live here
and not among the rules a district may change (dues/rules.py). Three points the
tests hold us to:

- the rate applies to the WHOLE base, never band by band (5,000.01 → 75.00, not
  3,000 × 1% + … );
- amounts are exact ``Decimal`` yuan — a float never enters the computation;
- the result is rounded half-up to the fen (0.01 yuan).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from liangxin.rules.catalog import DUES as SOURCE

FEN = Decimal("0.01")

# (upper bound of the monthly base inclusive, rate). None: no upper bound.
# 中组发〔2008〕3号 一、党费的收缴: 在职党员 ≤3000 元 0.5%，3000–5000 元 1%，
# 5000–10000 元 1.5%，10000 元以上 2%。
EMPLOYED_BRACKETS = (
    (Decimal("3000"), Decimal("0.005")),
    (Decimal("5000"), Decimal("0.01")),
    (Decimal("10000"), Decimal("0.015")),
    (None, Decimal("0.02")),
)
# 中组发〔2008〕3号 一、党费的收缴: 离退休党员 ≤5000 元 0.5%，5000 元以上 1%。
RETIRED_BRACKETS = (
    (Decimal("5000"), Decimal("0.005")),
    (None, Decimal("0.01")),
)
# 中组发〔2008〕3号 一、党费的收缴: 学生党员、下岗失业党员、领取最低生活保障金的党员每月 0.2 元。
FIXED_MONTHLY = Decimal("0.20")
# 中组发〔2008〕3号 一、党费的收缴: 农民党员每月 0.2 元至 1 元，由党支部确定。
FARMER_MIN = Decimal("0.20")
FARMER_MAX = Decimal("1.00")
# A monthly base above this is a typing error, not a salary (ledger and form guard).
BASE_CEILING = Decimal("1000000")


class DuesCategory(models.TextChoices):
    EMPLOYED = "employed", "在职"
    RETIRED = "retired", "离退休"
    STUDENT = "student", "学生"
    UNEMPLOYED = "unemployed", "下岗失业"
    RELIEF = "relief", "生活困难（领取低保）"
    FARMER = "farmer", "农民"


# Categories whose amount comes from the salary base (the others pay a fixed amount).
BASE_CATEGORIES = frozenset({DuesCategory.EMPLOYED, DuesCategory.RETIRED})
FIXED_CATEGORIES = frozenset({DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF})


class DuesRuleError(ValueError):
    """An input the rule cannot price; the message is shown to the user as is."""

    def __init__(self, message: str, *, field: str = "base"):
        super().__init__(message)
        self.field = field


def exact_yuan(value, *, what: str = "金额", field: str = "base") -> Decimal:
    """Only a finite Decimal is money here: a float has already lost the fen."""
    if isinstance(value, float) or not isinstance(value, Decimal):
        raise TypeError(f"{what}必须是 Decimal（不接受浮点数），收到 {type(value).__name__}")
    if not value.is_finite():
        raise DuesRuleError(f"{what}不是有效数字", field=field)
    if value < 0:
        raise DuesRuleError(f"{what}不能为负数", field=field)
    return value


def to_fen(amount: Decimal) -> Decimal:
    """Round half-up to the fen (0.005 → 0.01), as the regulation's worked examples do."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def bracket_rate(base: Decimal, brackets) -> Decimal:
    for upper, rate in brackets:
        if upper is None or base <= upper:
            return rate
    raise AssertionError("the last bracket has no upper bound")


def monthly_dues(base: Decimal, category: str, *, farmer_amount: Decimal | None = None) -> Decimal:
    """The monthly dues in yuan (exact, to the fen) for a base and a dues category.

    ``base`` is the monthly after-tax fixed salary income (月计算基数); it is
    ignored for the fixed-amount categories. ``farmer_amount`` is the amount the
    branch chose for a farmer member (0.20–1.00).
    """
    base = exact_yuan(base, what="月计算基数")
    if category == DuesCategory.EMPLOYED:
        return to_fen(base * bracket_rate(base, EMPLOYED_BRACKETS))
    if category == DuesCategory.RETIRED:
        return to_fen(base * bracket_rate(base, RETIRED_BRACKETS))
    if category in FIXED_CATEGORIES:
        return FIXED_MONTHLY
    if category == DuesCategory.FARMER:
        return checked_farmer_amount(farmer_amount)
    raise DuesRuleError(f"未知的党费类别：{category}", field="category")


def checked_farmer_amount(amount: Decimal | None) -> Decimal:
    if amount is None:
        raise DuesRuleError(
            "农民党员须填写党支部确定的月交纳额（0.20–1.00 元）", field="farmer_amount"
        )
    amount = exact_yuan(amount, what="农民党员月交纳额", field="farmer_amount")
    if not FARMER_MIN <= amount <= FARMER_MAX:
        raise DuesRuleError(
            f"农民党员每月交纳 0.20 元至 1.00 元（{SOURCE}），{amount} 元超出范围",
            field="farmer_amount",
        )
    if amount != to_fen(amount):
        raise DuesRuleError("农民党员月交纳额最多保留两位小数（到分）", field="farmer_amount")
    return to_fen(amount)


# --- which year's base prices a month ----------------------------------------------------


def period_index(year: int, month: int) -> int:
    """Months since year 0: consecutive months differ by one, across year ends."""
    return year * 12 + month - 1


def base_year_for(year: int, month: int, base_month: int) -> int:
    """The base set in ``base_month`` of a year prices that month and the next eleven.

    RULES.md: the base is set once a year, in a month local practice chooses
    (rule ``dues.base_month``, January by default: then the dues year is the
    calendar year).
    """
    return year if month >= base_month else year - 1

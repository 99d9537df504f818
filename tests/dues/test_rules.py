"""The brackets of 中组发〔2008〕3号 (RULES.md "Dues").

《关于中国共产党党费收缴、使用和管理的规定》: the rate applies to the whole base, never band by
band; amounts are exact decimals rounded half-up to the fen.
"""

from decimal import Decimal

import pytest

from liangxin.dues.amounts import (
    DuesCategory,
    DuesRuleError,
    base_year_for,
    monthly_dues,
    period_index,
)

D = Decimal


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        # 中组发〔2008〕3号: employed, ≤ 3,000 → 0.5%
        ("0.00", "0.00"),
        ("3000.00", "15.00"),
        # 3,000 < base ≤ 5,000 → 1% of the WHOLE base (not 15 + 0.01 × 1%)
        ("3000.01", "30.00"),
        ("5000.00", "50.00"),
        # 5,000 < base ≤ 10,000 → 1.5%
        ("5000.01", "75.00"),
        ("10000.00", "150.00"),
        # > 10,000 → 2%
        ("10000.01", "200.00"),
        ("25000.00", "500.00"),
    ],
)
def test_employed_brackets_at_their_boundaries(base, expected):
    assert monthly_dues(D(base), DuesCategory.EMPLOYED) == D(expected)


def test_rate_applies_to_the_whole_base_not_band_by_band():
    """中组发〔2008〕3号: 5,000.01 pays 1.5% of all of it (75.00), not a banded sum (≈ 35.00)."""
    banded = D("3000") * D("0.005") + D("2000") * D("0.01") + D("0.01") * D("0.015")
    assert monthly_dues(D("5000.01"), DuesCategory.EMPLOYED) == D("75.00") != banded


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("3333.33", "33.33"),  # 1% = 33.3333 → 33.33 (down)
        ("3500.50", "35.01"),  # 1% = 35.005 → 35.01: half-up at the fen (banker's would give 35.00)
        ("3501.50", "35.02"),  # 35.015 → 35.02
        ("1001.00", "5.01"),  # 0.5% = 5.005 → 5.01
        ("5000.30", "75.00"),  # 1.5% = 75.0045 → 75.00
        ("5000.35", "75.01"),  # 1.5% = 75.00525 → 75.01
    ],
)
def test_half_up_to_the_fen(base, expected):
    assert monthly_dues(D(base), DuesCategory.EMPLOYED) == D(expected)


def test_results_carry_exactly_two_decimals():
    assert monthly_dues(D("3000"), DuesCategory.EMPLOYED).as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        # 中组发〔2008〕3号: retired ≤ 5,000 → 0.5%, above → 1%
        ("5000.00", "25.00"),
        ("5000.01", "50.00"),
        ("3000.00", "15.00"),
        ("12000.00", "120.00"),
    ],
)
def test_retired_brackets(base, expected):
    assert monthly_dues(D(base), DuesCategory.RETIRED) == D(expected)


@pytest.mark.parametrize(
    "category", [DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF]
)
def test_students_unemployed_and_relief_pay_twenty_fen(category):
    """中组发〔2008〕3号: 学生、下岗失业、领取低保的党员每月 0.2 元, whatever the base."""
    assert monthly_dues(D("0"), category) == D("0.20")
    assert monthly_dues(D("8000.00"), category) == D("0.20")


@pytest.mark.parametrize("amount", ["0.20", "0.50", "1.00", "1"])
def test_farmers_pay_what_the_branch_chose_between_20_fen_and_1_yuan(amount):
    """中组发〔2008〕3号: 农民党员每月 0.2 元至 1 元."""
    assert monthly_dues(D("0"), DuesCategory.FARMER, farmer_amount=D(amount)) == D(amount)


@pytest.mark.parametrize("amount", ["1.01", "0.19", "0", "5"])
def test_farmer_amount_outside_the_range_is_refused(amount):
    with pytest.raises(DuesRuleError, match="0.20 元至 1.00 元") as caught:
        monthly_dues(D("0"), DuesCategory.FARMER, farmer_amount=D(amount))
    assert caught.value.field == "farmer_amount"


def test_farmer_needs_the_branch_amount():
    with pytest.raises(DuesRuleError, match="党支部确定"):
        monthly_dues(D("0"), DuesCategory.FARMER)


def test_farmer_amount_with_three_decimals_is_refused():
    with pytest.raises(DuesRuleError, match="两位小数"):
        monthly_dues(D("0"), DuesCategory.FARMER, farmer_amount=D("0.505"))


@pytest.mark.parametrize("bad", [3000.0, 3000, "3000", None])
def test_anything_but_a_decimal_is_refused(bad):
    """A float has already lost the fen; the rule takes Decimal only."""
    with pytest.raises(TypeError, match="Decimal"):
        monthly_dues(bad, DuesCategory.EMPLOYED)


def test_float_farmer_amount_is_refused():
    with pytest.raises(TypeError):
        monthly_dues(D("0"), DuesCategory.FARMER, farmer_amount=0.5)


@pytest.mark.parametrize("bad", ["-0.01", "NaN", "Infinity"])
def test_negative_or_not_a_number_is_refused(bad):
    with pytest.raises(DuesRuleError):
        monthly_dues(D(bad), DuesCategory.EMPLOYED)


def test_unknown_category_is_refused():
    with pytest.raises(DuesRuleError) as caught:
        monthly_dues(D("3000"), "soldier")
    assert caught.value.field == "category"


def test_base_year_follows_the_configured_month():
    """RULES.md: the base is set once a year; dues.base_month says in which month."""
    assert base_year_for(2025, 1, 1) == 2025
    assert base_year_for(2025, 12, 1) == 2025
    assert base_year_for(2025, 6, 7) == 2024
    assert base_year_for(2025, 7, 7) == 2025


def test_period_index_counts_consecutive_months_across_years():
    assert period_index(2026, 1) - period_index(2025, 12) == 1

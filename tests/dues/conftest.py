"""Dues helpers on top of the shared ``world``: bases and months in a few words."""

import datetime
from decimal import Decimal

import pytest

from liangxin.dues.amounts import DuesCategory, monthly_dues
from liangxin.dues.models import DuesBase, DuesMonth, DuesStatus

APPROVAL = dict(
    decided_on=datetime.date(2025, 3, 1),
    approval_number="川委〔2025〕5号",
    approved_on=datetime.date(2025, 3, 10),
    approver="川姜镇党委",
)


def base_for(member, year=2025, base="3000.00", category=DuesCategory.EMPLOYED, farmer=None):
    amount = Decimal(base)
    farmer = Decimal(farmer) if farmer is not None else None
    return DuesBase.objects.create(
        member=member,
        year=year,
        category=category,
        base=amount,
        farmer_amount=farmer,
        monthly_amount=monthly_dues(amount, category, farmer_amount=farmer),
        set_on=datetime.date(year, 1, 5),
    )


def month_for(member, year, month, status=DuesStatus.UNPAID, due="15.00"):
    fields = dict(member=member, year=year, month=month, amount_due=Decimal(due), status=status)
    if status == DuesStatus.PAID:
        fields.update(amount_paid=Decimal(due), paid_on=datetime.date(year, month, 20))
    if status in (DuesStatus.REDUCED, DuesStatus.WAIVED):
        approved = Decimal("0.00") if status == DuesStatus.WAIVED else Decimal(due) / 2
        fields.update(approved_amount=approved, **APPROVAL)
    return DuesMonth.objects.create(**fields)


def months_for(member, year, months, status=DuesStatus.UNPAID):
    return [month_for(member, year, m, status) for m in months]


@pytest.fixture
def dues_world(world):
    """Both world members with a 2025 base; member_a's January 2025 open and unpaid."""
    world.base_a = base_for(world.member_a, base="3000.00")
    world.base_b = base_for(world.member_b, base="5000.01")
    world.month_a = month_for(world.member_a, 2025, 1)
    world.month_b = month_for(world.member_b, 2025, 1, due="75.00")
    return world

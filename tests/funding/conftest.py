import datetime
from decimal import Decimal

import pytest

from tests import factories as f

YEAR = 2026
D = Decimal


@pytest.fixture(autouse=True)
def funding_defaults(db):
    """The seeded rules and categories (a transactional test's flush loses them)."""
    from liangxin.funding import defaults
    from liangxin.funding.models import ExpenseCategory, FundingRule, FundingRuleVersion

    defaults.seed(FundingRule, FundingRuleVersion, ExpenseCategory)


@pytest.fixture
def org_a2(world):
    """A second enterprise organization of town A (川姜电子), so the town has two."""
    return f.organization(
        "ORG-A2", "川姜电子有限公司党支部", region=world.grid_a, covers=[world.ent_a2]
    )


@pytest.fixture
def per_org():
    from liangxin.funding.models import FundingRule

    return FundingRule.objects.get(code="per-organization")


def budget(world, amount, *, region=None, year=YEAR, source="finance", actor="district_admin"):
    from liangxin.funding import services

    return services.budget_save(
        actor=world.user(actor),
        year=year,
        region=region or world.town_a,
        money_source=source,
        amount=amount,
    )


def generate(world, rule, *, region=None, year=YEAR, actor="town_a_admin"):
    from liangxin.funding import services

    return services.allocations_generate(
        actor=world.user(actor), region=region or world.town_a, year=year, rule=rule
    )


def pay(world, allocation, actor="town_a_admin"):
    from liangxin.funding import services

    user = world.user(actor)
    services.allocation_move(actor=user, allocation=allocation, kind="approved")
    return services.allocation_move(actor=user, allocation=allocation, kind="paid")


def spend(world, allocation, amount, *, actor="secretary", on=None, code="activity"):
    from liangxin.funding import services
    from liangxin.funding.models import ExpenseCategory

    return services.expense_record(
        actor=world.user(actor),
        allocation=allocation,
        spent_on=on or datetime.date(YEAR, 3, 1),
        category=ExpenseCategory.objects.get(code=code),
        amount=amount,
        payee="新华书店",
        receipt_number="FP0001",
    )

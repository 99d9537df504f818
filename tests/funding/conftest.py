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


def pay(world, allocation, actor="district_admin"):
    """Approved and paid by ``actor``: by default the district, not the town admin who
    generated it (经办与审批分离, funding.separate_approval_accounts)."""
    from liangxin.funding import services

    user = world.user(actor)
    services.allocation_move(actor=user, allocation=allocation, kind="approved")
    return services.allocation_move(actor=user, allocation=allocation, kind="paid")


def set_rule(world, key, value):
    from liangxin.rules.values import rule_set

    rule_set(actor=world.user("district_admin"), key=key, value=value)


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


def rated(org, year, stars, *, model="bands"):
    """The organization's final result in a finalized rating cycle of ``year`` (the
    ratings app's records, as its 定级 leaves them)."""
    from liangxin.ratings.models import Rating, RatingCycle, Rubric
    from liangxin.regions.models import Region

    rubric, _ = Rubric.objects.get_or_create(
        name=f"测试细则{model}",
        version=1,
        defaults={"effective_from": datetime.date(2020, 1, 1), "model": model, "source": "测试"},
    )
    cycle, _ = RatingCycle.objects.get_or_create(
        rubric=rubric,
        year=year,
        region=Region.objects.get(depth=1, path=org.region.path[: Region.steplen]),
        defaults={"state": "finalized", "finalized_on": datetime.date(year, 12, 20)},
    )
    return Rating.objects.create(
        cycle=cycle, organization=org, state="final", level=stars, label=f"{stars}星"
    )

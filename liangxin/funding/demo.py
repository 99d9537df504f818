"""Demo funds of the demo town (slot demo_seeders): the default rules, a budget of the
current year, the per-organization allocations generated from the rules (most approved and
paid) and a few expenses against them — so every list and the summary have something."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.funding import defaults, services
from liangxin.funding.models import (
    Allocation,
    AllocationEventKind,
    ExpenseCategory,
    FundingRule,
    FundingRuleVersion,
)
from liangxin.regions.models import Region

SPENDING = (
    ("activity", "主题党日活动场地布置", "红旗文化传媒有限公司", Decimal("320.00")),
    ("study", "党员学习读本", "新华书店", Decimal("186.50")),
    ("care", "走访慰问困难党员", "困难党员", Decimal("200.00")),
)


def seed(anchors, seed: int) -> int:
    defaults.seed(FundingRule, FundingRuleVersion, ExpenseCategory)
    town = Region.objects.filter(code=anchors.town).first()
    actor = get_user_model().objects.filter(username="town_admin").first()
    if town is None or actor is None or Allocation.objects.exists():
        return 0
    year = timezone.localdate().year
    rule = FundingRule.objects.get(code="per-organization")
    budget = services.budget_save(
        actor=actor, year=year, region=town, money_source=rule.money_source, amount="200000"
    )
    plan = services.plan(town, year, rule)
    if plan.total > budget.amount:
        services.budget_save(
            actor=actor, year=year, region=town, money_source=rule.money_source,
            amount=plan.total,
        )  # fmt: skip
    created = services.allocations_generate(actor=actor, region=town, year=year, rule=rule)
    # 经办与审批分离 (funding.separate_approval_accounts): the district approves and pays
    # what the town generated; without a district account the rule is not met, no approval.
    approver = get_user_model().objects.filter(username="district_admin").first()
    if approver is None:
        return len(created)
    return len(created) + _move_and_spend(created, approver, actor)


def _move_and_spend(created, approver, actor) -> int:
    count = 0
    today = timezone.localdate()
    categories = {c.code: c for c in ExpenseCategory.objects.all()}
    for index, allocation in enumerate(created[: max(len(created) * 2 // 3, 1)]):
        services.allocation_move(
            actor=approver, allocation=allocation, kind=AllocationEventKind.APPROVED
        )
        if index % 2:
            continue
        services.allocation_move(
            actor=approver, allocation=allocation, kind=AllocationEventKind.PAID
        )
        for code, description, payee, amount in SPENDING[: 1 + index % 3]:
            services.expense_record(
                actor=actor,
                allocation=allocation,
                spent_on=today,
                category=categories[code],
                amount=amount,
                payee=payee,
                receipt_number=f"FP{allocation.pk:05d}{code[:2].upper()}",
                description=description,
            )
            count += 1
    return count

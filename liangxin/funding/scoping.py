"""Who sees which funding rows (core.scoping).

Rules and expense categories are the district's published data: every business user with
a scope reads them. A budget: through its region. An allocation: through the recipient's
region, and through the organization for its secretary; its events and expenses follow it.
An enterprise's funds: through the enterprise's region or the organizations covering it.
A dues refund: through the organization, like members."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.funding.models import (
    Allocation,
    AllocationEvent,
    Budget,
    DuesRefund,
    EnterpriseFunding,
    Expense,
    ExpenseCategory,
    ExpenseReceipt,
    FundingRule,
    FundingRuleVersion,
)
from liangxin.organizations.models import CoverageLink


def published(scope: Scope) -> Q | None:
    return None if scope.is_empty else Q()


def budget_rule(scope: Scope) -> Q | None:
    return prefix_q("region__path", scope.region_paths)


def allocation_q(prefix: str):
    def rule(scope: Scope) -> Q | None:
        return any_of(
            prefix_q(f"{prefix}region__path", scope.region_paths),
            prefix_q(f"{prefix}organization__path", scope.organization_paths),
        )

    return rule


def enterprise_funding_rule(scope: Scope) -> Q | None:
    covered = None
    if scope.organization_paths:
        links = CoverageLink.objects.filter(
            prefix_q("organization__path", scope.organization_paths)
        )
        covered = Q(enterprise__in=links.values("enterprise_id"))
    assigned = Q(enterprise__in=scope.enterprise_ids) if scope.enterprise_ids else None
    return any_of(prefix_q("enterprise__region__path", scope.region_paths), covered, assigned)


def refund_rule(scope: Scope) -> Q | None:
    return any_of(
        prefix_q("organization__region__path", scope.region_paths),
        prefix_q("organization__path", scope.organization_paths),
    )


SCOPE_RULES = [
    (ExpenseCategory, published),
    (FundingRule, published),
    (FundingRuleVersion, published),
    (Budget, budget_rule),
    (Allocation, allocation_q("")),
    (AllocationEvent, allocation_q("allocation__")),
    (Expense, allocation_q("allocation__")),
    (ExpenseReceipt, allocation_q("expense__allocation__")),
    (EnterpriseFunding, enterprise_funding_rule),
    (DuesRefund, refund_rule),
]

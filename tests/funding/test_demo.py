"""The demo seeder gives the demo town its funds: allocations generated from the rules on a
budget, some paid with expenses, nothing beyond a balance; a second run adds nothing."""

from types import SimpleNamespace

import pytest
from django.db.models import Sum

from liangxin.funding import demo
from liangxin.funding.models import Allocation, AllocationEvent, Budget, Expense
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_demo_town_gets_funds(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    f.account("district_admin", "district_admin", regions=[world.district])
    anchors = SimpleNamespace(town=world.town_a.code)
    assert demo.seed(anchors, 1) > 0
    budget = Budget.objects.get(region=world.town_a)
    allocated = Allocation.objects.aggregate(s=Sum("amount"))["s"]
    assert 0 < allocated <= budget.amount
    assert Expense.objects.exists()
    # 经办与审批分离: the town generated, the district approved
    approvals = AllocationEvent.objects.filter(kind="approved")
    assert approvals.exists()
    assert set(approvals.values_list("actor__username", flat=True)) == {"district_admin"}
    for allocation in Allocation.objects.filter(state="paid"):
        spent = allocation.expenses.aggregate(s=Sum("amount"))["s"] or 0
        assert spent <= allocation.amount
    assert demo.seed(anchors, 1) == 0

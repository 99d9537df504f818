"""Allocations generated from the rules and the registry (WORK.md §6: 1,000 元 per 非公企业
党组织 a year [L:丹东]), drawn on a budget, approved, paid, spent against; exact to the fen."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liangxin.core.services import OutOfScope
from liangxin.funding import services
from liangxin.funding.models import Allocation, AllocationEvent, Expense
from tests.funding.conftest import YEAR, budget, generate, pay, rated, spend

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(YEAR, 12, 1))


def test_a_towns_year_is_generated_for_each_enterprise_organization(world, org_a2, per_org):
    budget(world, "5000")
    created = generate(world, per_org)
    # Town A's two branches covering enterprises; not the 党小组, not town B's branch.
    assert sorted(a.organization.code for a in created) == ["ORG-A", "ORG-A2"]
    assert {a.amount for a in created} == {D("1000.00")}
    assert all(a.state == "draft" and a.region == world.grid_a for a in created)
    assert AllocationEvent.objects.filter(kind="generated").count() == 2


def test_generation_is_idempotent(world, org_a2, per_org):
    budget(world, "5000")
    generate(world, per_org)
    assert generate(world, per_org) == []
    assert Allocation.objects.count() == 2


def test_exactly_the_budget_is_accepted(world, org_a2, per_org):
    budget(world, "2000.00")
    assert len(generate(world, per_org)) == 2


def test_one_fen_over_the_budget_refuses_the_whole_batch(world, org_a2, per_org):
    budget(world, "1999.99")
    with pytest.raises(ValidationError, match="超出预算余额 1999.99 元"):
        generate(world, per_org)
    assert not Allocation.objects.exists()


def test_a_second_rule_counts_what_the_budget_already_gave(world, org_a2, per_org):
    from liangxin.funding.models import FundingRule, FundingRuleVersion

    budget(world, "2500")
    generate(world, per_org)
    rule = FundingRule.objects.get(code="award-333-1")
    services.rule_version_add(
        actor=world.user("district_admin"), rule=rule, effective_from=datetime.date(2026, 1, 1),
        amount="600", star_level=5,
    )  # fmt: skip
    rated(world.org_a, 2026, 5)
    with pytest.raises(ValidationError, match="超出预算余额 500.00 元"):
        generate(world, rule)
    assert FundingRuleVersion.objects.filter(rule=rule).count() == 2


def test_no_budget_no_generation(world, per_org):
    with pytest.raises(ValidationError, match="尚未设置川姜镇 2026 年“财政”预算"):
        generate(world, per_org)


def test_a_rule_changed_mid_year_gives_the_months_pro_rata(world, org_a2, per_org):
    """1,000 元 to 30 June, 1,200 元 from 1 July: 6×1000/12 + 6×1200/12 = 1,100.00 [I]."""
    services.rule_version_add(
        actor=world.user("district_admin"), rule=per_org,
        effective_from=datetime.date(2026, 7, 1), amount="1200",
    )  # fmt: skip
    first = per_org.versions.get(number=1)
    assert first.effective_to == datetime.date(2026, 6, 30)
    budget(world, "2200")
    created = generate(world, per_org)
    assert {a.amount for a in created} == {D("1100.00")}
    assert sorted(created[0].versions.values_list("number", flat=True)) == [1, 2]


def test_pro_rata_rounds_half_up_to_the_fen(world, per_org):
    """1,000 to the end of January, 1,001 after: 1000/12 + 11×1001/12 = 1000.9166… → 1000.92."""
    services.rule_version_add(
        actor=world.user("district_admin"), rule=per_org,
        effective_from=datetime.date(2026, 2, 1), amount="1001",
    )  # fmt: skip
    budget(world, "5000")
    assert generate(world, per_org)[0].amount == D("1000.92")


def test_a_version_in_use_is_never_changed(world, per_org):
    budget(world, "5000")
    generate(world, per_org)
    admin = world.user("district_admin")
    with pytest.raises(ValidationError, match="新版本须从 2027 年 1 月 1 日起生效"):
        services.rule_version_add(
            actor=admin, rule=per_org, effective_from=datetime.date(2026, 10, 1), amount="2000"
        )
    services.rule_version_add(
        actor=admin, rule=per_org, effective_from=datetime.date(2027, 1, 1), amount="2000"
    )
    assert per_org.versions.get(number=1).effective_to == datetime.date(2026, 12, 31)


def test_only_the_district_edits_rules(world, per_org):
    with pytest.raises(PermissionDenied):
        services.rule_version_add(
            actor=world.user("town_a_admin"), rule=per_org,
            effective_from=datetime.date(2027, 1, 1), amount="2000",
        )  # fmt: skip


def test_333_amounts_empty_until_entered(world):
    from liangxin.funding.models import FundingRule

    budget(world, "5000")
    with pytest.raises(ValidationError, match="尚未录入金额"):
        generate(world, FundingRule.objects.get(code="award-333-1"))


def test_park_centres_get_their_amount(world):
    """15,000 元 per 园区党群服务中心 a year [L:丹东]: the kind is the venue profile's."""
    from liangxin.funding.models import FundingRule
    from liangxin.organizations.models import PartyStation
    from liangxin.venues.models import VenueKind, VenueLevel, VenueProfile

    def place(name, kind, region):
        station = PartyStation.objects.create(name=name, level="town_benchmark", region=region)
        VenueProfile.objects.create(
            station=station,
            kind=VenueKind.objects.get_or_create(code=kind, defaults={"name": name})[0],
            level=VenueLevel.objects.first()
            or VenueLevel.objects.create(code="lv", name="测试等级"),
        )

    place("开发区党群服务中心", "park_centre", world.town_b)
    place("开发区一网格党建工作站", "work_station", world.grid_b)
    PartyStation.objects.create(name="无档案站点", level="town_benchmark", region=world.grid_b)
    budget(world, "15000", region=world.town_b, actor="town_b_admin")
    created = generate(
        world, FundingRule.objects.get(code="per-centre"), region=world.town_b, actor="town_b_admin"
    )
    assert [(a.station.name, a.amount) for a in created] == [("开发区党群服务中心", D("15000.00"))]


def test_approve_then_pay_with_events(world, per_org):
    budget(world, "1000")
    (allocation,) = generate(world, per_org)
    with pytest.raises(ValidationError, match="不能拨付"):
        services.allocation_move(
            actor=world.user("town_a_admin"), allocation=allocation, kind="paid"
        )
    pay(world, allocation)
    allocation.refresh_from_db()
    assert allocation.state == "paid"
    assert list(allocation.events.values_list("kind", flat=True)) == [
        "generated", "approved", "paid",
    ]  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.allocation_move(actor=world.user("leader"), allocation=allocation, kind="paid")


# --- expenses ---------------------------------------------------------------------------


@pytest.fixture
def paid(world, per_org):
    budget(world, "1000")
    (allocation,) = generate(world, per_org)
    return pay(world, allocation)


def test_spending_exactly_the_balance_is_accepted_one_fen_more_refused(world, paid):
    spend(world, paid, "999.99")
    spend(world, paid, "0.01")
    with pytest.raises(ValidationError, match="超过该笔经费余额 0.00 元"):
        spend(world, paid, "0.01")
    assert sum(e.amount for e in Expense.objects.all()) == D("1000.00")


def test_an_over_balance_expense_is_refused_and_nothing_saved(world, paid):
    spend(world, paid, "600")
    with pytest.raises(ValidationError, match="支出 400.01 元超过该笔经费余额 400.00 元"):
        spend(world, paid, "400.01")
    assert Expense.objects.count() == 1


@pytest.mark.parametrize(
    "amount, message",
    [
        ("1.005", "最多精确到分"),
        ("-5", "不能为负数"),
        ("0", "须大于 0"),
        ("abc", "请输入金额"),
        ("NaN", "请输入金额"),
        ("1e20", "金额过大"),
    ],
)
def test_bad_amounts_are_refused_not_rounded(world, paid, amount, message):
    with pytest.raises(ValidationError, match=message):
        spend(world, paid, amount)
    assert not Expense.objects.exists()


def test_no_spending_before_payment(world, per_org):
    budget(world, "1000")
    (allocation,) = generate(world, per_org)
    with pytest.raises(ValidationError, match="尚未拨付"):
        spend(world, allocation, "10")


def test_spending_against_another_towns_allocation_is_out_of_scope(world, paid):
    with pytest.raises(OutOfScope):
        spend(world, paid, "10", actor="town_b_admin")
    with pytest.raises(PermissionDenied):
        spend(world, paid, "10", actor="leader")


def test_a_budget_never_drops_below_what_it_gave(world, paid):
    with pytest.raises(ValidationError, match="预算不能少于已拨付的 1000.00 元"):
        budget(world, "999.99")
    assert budget(world, "1000.00").amount == D("1000.00")


def test_project_funds_one_organization_within_the_budget(world):
    from liangxin.funding.models import FundingRule

    admin = world.user("district_admin")
    rule = services.rule_create(
        actor=admin, code="project-a", name="党建项目经费", basis="project",
        money_source="finance", effective_from=datetime.date(2026, 1, 1), amount="5000",
    )  # fmt: skip
    budget(world, "5000")
    allocation = services.project_allocate(
        actor=world.user("town_a_admin"), rule=rule, organization=world.org_a, year=YEAR
    )
    assert (allocation.amount, allocation.budget.region) == (D("5000.00"), world.town_a)
    with pytest.raises(ValidationError, match="已存在"):
        services.project_allocate(actor=admin, rule=rule, organization=world.org_a, year=YEAR)
    with pytest.raises(OutOfScope):
        services.project_allocate(
            actor=world.user("town_b_admin"), rule=rule, organization=world.org_a, year=YEAR
        )
    second = FundingRule.objects.get(code="per-organization")
    with pytest.raises(ValidationError, match="项目经费"):
        services.project_allocate(actor=admin, rule=second, organization=world.org_a, year=YEAR)


def test_project_funds_over_the_budget_refused(world):
    rule = services.rule_create(
        actor=world.user("district_admin"), code="project-b", name="项目", basis="project",
        money_source="finance", effective_from=datetime.date(2026, 1, 1), amount="5000.01",
    )  # fmt: skip
    budget(world, "5000")
    with pytest.raises(ValidationError, match="超出预算余额 5000.00 元"):
        services.project_allocate(
            actor=world.user("town_a_admin"), rule=rule, organization=world.org_a, year=YEAR
        )
    assert not Allocation.objects.exists()


def test_every_model_is_scoped_and_audited():
    from auditlog.registry import auditlog
    from django.apps import apps

    from liangxin.core.scoping import scope_rules

    for model in apps.get_app_config("funding").get_models():
        assert model in scope_rules(), model
        assert auditlog.contains(model), model

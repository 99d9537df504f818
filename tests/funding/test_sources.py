"""Where the amounts come from (issue 19): allowances from the workforce app's approved
list, 以奖代补 from the year's rating cycle, organizations founded during the year (a
version setting), and generation kept apart from approval ([I] 内控：经办与审批分离)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.funding import services
from liangxin.funding.models import Allocation, FundingRule
from liangxin.funding.rules import SEPARATE_APPROVAL
from tests.funding.conftest import YEAR, budget, generate, rated, set_rule

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(YEAR, 12, 1))


# --- 1. allowances from the workforce app -------------------------------------------------


@pytest.fixture
def allowance_rule(world):
    return FundingRule.objects.create(
        code="red-collar", name="党务工作者津贴", basis="per_person", money_source="finance"
    )


def worker(name, region, organization):
    from liangxin.workforce.models_people import PartyWorker

    return PartyWorker.objects.create(
        name=name, role="secretary", region=region, organization=organization,
        started_on=datetime.date(2020, 1, 1),
    )  # fmt: skip


def allowance(person, amount, state, kind="certification", year=YEAR):
    from liangxin.workforce.models_people import Allowance, AllowanceRule

    rule, _ = AllowanceRule.objects.get_or_create(
        kind=kind, cert_level="middle" if kind == "certification" else "",
        honour_level="" if kind == "certification" else "city",
        defaults={"amount": D(amount), "effective_from": 2020, "source": "[L:张家港] 测试"},
    )  # fmt: skip
    return Allowance.objects.create(
        worker=person, year=year, kind=kind, rule=rule, amount=D(amount), state=state,
        basis="中级；年度考核称职",
    )  # fmt: skip


@pytest.fixture
def allowance_lines(world):
    """Two approved lines of town A's workers (both of 川姜纺织's branch), one line still
    only computed, and an approved line of a worker of town B."""
    first = allowance(worker("张敏", world.grid_a, world.org_a), "2400.00", "approved")
    second = allowance(worker("李强", world.grid_a, world.org_a), "1234.56", "approved")
    draft = allowance(worker("王芳", world.grid_a, world.org_a), "999.00", "computed")
    other = allowance(worker("赵刚", world.grid_b, world.org_b), "500.00", "approved")
    return first, second, draft, other


def test_approved_allowances_become_one_allocation_each_with_their_amounts(
    world, allowance_rule, allowance_lines
):
    first, second, draft, other = allowance_lines
    budget(world, "5000")
    created = generate(world, allowance_rule)
    got = {a.allowance_id: (a.amount, a.organization_id) for a in created}
    assert got == {
        first.pk: (D("2400.00"), world.org_a.pk),
        second.pk: (D("1234.56"), world.org_a.pk),
    }  # the computed line and town B's worker are not taken
    assert "张敏" in next(a for a in created if a.allowance_id == first.pk).computation
    assert Allocation.objects.get(allowance=first).budget.region == world.town_a


def test_a_second_run_or_another_rule_adds_nothing(world, allowance_rule, allowance_lines):
    budget(world, "5000")
    generate(world, allowance_rule)
    assert generate(world, allowance_rule) == []
    twin = FundingRule.objects.create(
        code="red-collar-2", name="津贴（重复）", basis="per_person", money_source="finance"
    )
    assert generate(world, twin) == []
    assert Allocation.objects.count() == 2


def test_a_paid_line_is_taken_a_draft_only_once_decided(world, allowance_rule, allowance_lines):
    _first, _second, draft, _other = allowance_lines
    budget(world, "5000")
    generate(world, allowance_rule)
    draft.state = "paid"
    draft.save()
    (late,) = generate(world, allowance_rule)
    assert late.allowance == draft and late.amount == D("999.00")


def test_allowances_over_the_budget_are_refused_whole(world, allowance_rule, allowance_lines):
    budget(world, "3634.55")  # one fen short of 2400.00 + 1234.56
    with pytest.raises(ValidationError, match="超出预算余额 3634.55 元"):
        generate(world, allowance_rule)
    assert not Allocation.objects.exists()


def test_town_b_takes_only_its_own_workers(world, allowance_rule, allowance_lines):
    *_, other = allowance_lines
    budget(world, "5000", region=world.town_b, actor="town_b_admin")
    (only,) = generate(world, allowance_rule, region=world.town_b, actor="town_b_admin")
    assert only.allowance == other and only.organization == world.org_b


def test_the_preview_lists_each_worker(world, login, allowance_rule, allowance_lines):
    budget(world, "5000")
    page = (
        login("town_a_admin")
        .get(
            reverse("funding:generate"),
            {"region": world.town_a.code, "year": YEAR, "rule": allowance_rule.pk},
        )
        .content.decode()
    )
    assert "张敏（川姜纺织有限公司党支部）" in page and "王芳" not in page
    assert "3,634.56" in page and "已审批（或已发放）的津贴" in page


# --- 2. 以奖代补 from the year's rating ---------------------------------------------------


@pytest.fixture
def awards(world):
    """The “333” tiers with amounts from 2025: 五星 3,000, 三星 1,000 元."""
    district = world.user("district_admin")
    five = FundingRule.objects.get(code="award-333-1")
    three = FundingRule.objects.get(code="award-333-3")
    for rule, amount, stars in ((five, "3000", 5), (three, "1000", 3)):
        services.rule_version_add(
            actor=district, rule=rule, effective_from=datetime.date(2025, 1, 1),
            amount=amount, star_level=stars,
        )  # fmt: skip
    return five, three


def test_the_award_pays_the_stars_of_that_years_cycle_not_todays(world, org_a2, awards):
    five, three = awards
    rated(world.org_a, 2025, 5)
    world.org_a.star_level = 3  # 降星 since
    world.org_a.save()
    budget(world, "10000", year=2025)
    (got,) = generate(world, five, year=2025)
    assert got.organization == world.org_a and got.amount == D("3000.00")
    assert generate(world, three, year=2025) == []  # today's 3 stars earn nothing for 2025


def test_not_rated_that_year_is_not_eligible_and_the_preview_says_so(world, login, org_a2, awards):
    five, _three = awards
    rated(world.org_a, 2025, 5)
    org_a2.star_level = 5  # five stars today, but no 2025 result
    org_a2.save()
    budget(world, "10000", year=2025)
    page = (
        login("town_a_admin")
        .get(
            reverse("funding:generate"),
            {"region": world.town_a.code, "year": 2025, "rule": five.pk},
        )
        .content.decode()
    )
    assert "按 2025 年度评星定级周期的定级结果计发" in page
    assert "1 个党组织 2025 年度未评定星级，不享受以奖代补" in page
    assert [a.organization for a in generate(world, five, year=2025)] == [world.org_a]


def test_a_grade_of_classification_is_not_stars(world, awards):
    five, _three = awards
    rated(world.org_a, 2025, 5, model="grades")
    budget(world, "10000", year=2025)
    assert generate(world, five, year=2025) == []


# --- 3. founded during the year ----------------------------------------------------------


def founded_in_september(org):
    org.established_on = datetime.date(YEAR, 9, 15)
    org.save()


def test_founded_during_the_year_gets_the_full_year_by_default(world, org_a2, per_org):
    founded_in_september(org_a2)
    budget(world, "2000")
    amounts = {a.organization: a.amount for a in generate(world, per_org)}
    assert amounts == {world.org_a: D("1000.00"), org_a2: D("1000.00")}


def test_pro_rata_from_the_founding_month_when_the_version_says_so(world, org_a2, per_org):
    """September to December: 4×1000/12 = 333.33 元 (ROUND_HALF_UP)."""
    services.rule_version_add(
        actor=world.user("district_admin"), rule=per_org,
        effective_from=datetime.date(YEAR, 1, 1), amount="1000", prorate_founding=True,
    )  # fmt: skip
    founded_in_september(org_a2)
    budget(world, "2000")
    amounts = {a.organization: a for a in generate(world, per_org)}
    assert amounts[world.org_a].amount == D("1000.00")
    assert amounts[org_a2].amount == D("333.33")
    assert "9月成立，按月折算" in amounts[org_a2].computation


# --- 4. generation and approval by different accounts -------------------------------------


def test_the_rule_is_listed_with_its_source():
    from liangxin.rules.catalog import rule

    found = rule(SEPARATE_APPROVAL)
    assert found.default == 2 and found.configurable
    assert found.source.startswith("[I] 内控：经办与审批分离")


def test_the_generator_cannot_approve_by_default(world, login, per_org):
    budget(world, "1000")
    (allocation,) = generate(world, per_org)  # by town_a_admin
    with pytest.raises(ValidationError, match="经办与审批须分离"):
        services.allocation_move(
            actor=world.user("town_a_admin"), allocation=allocation, kind="approved"
        )
    client = login("town_a_admin")
    url = reverse("funding:allocations-move-all", args=["approved"])
    page = client.post(f"{url}?state=draft", follow=True).content.decode()
    assert "须由其他有审批权限的账号审批" in page
    allocation.refresh_from_db()
    assert allocation.state == "draft"
    services.allocation_move(
        actor=world.user("district_admin"), allocation=allocation, kind="approved"
    )
    allocation.refresh_from_db()
    assert allocation.state == "approved"
    # paying is not approving: the generator may register the payment
    services.allocation_move(actor=world.user("town_a_admin"), allocation=allocation, kind="paid")


def test_a_district_may_switch_the_separation_off(world, per_org):
    set_rule(world, SEPARATE_APPROVAL, 1)
    budget(world, "1000")
    (allocation,) = generate(world, per_org)
    services.allocation_move(
        actor=world.user("town_a_admin"), allocation=allocation, kind="approved"
    )
    allocation.refresh_from_db()
    assert allocation.state == "approved"


def test_the_setting_is_one_or_two(world):
    with pytest.raises(ValidationError, match="不能超过 2"):
        set_rule(world, SEPARATE_APPROVAL, 3)


def test_the_founding_setting_on_the_version_page(world, login, per_org):
    client = login("district_admin")
    url = reverse("funding:version-create", args=[per_org.pk])
    data = {"effective_from": f"{YEAR}-01-01", "amount": "1000", "prorate_founding": "on"}
    assert client.post(url, data).status_code == 302
    assert per_org.versions.get(number=2).prorate_founding
    assert not per_org.versions.get(number=1).prorate_founding
    assert "年内新建党组织按月折算" in client.get(reverse("funding:rules")).content.decode()

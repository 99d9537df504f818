"""The funding pages: roles (leaders read, secretaries their own allocations), scope (404
outside it), the generation preview and confirm, expenses and bad input, and the finance
export, which balances (allocated − spent = balance per row and in total; totals equal the
database's sums)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.funding.models import Allocation, Budget, Expense, ExpenseCategory
from tests.funding.conftest import YEAR, budget, generate, pay, spend

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(YEAR, 12, 1))


@pytest.fixture
def paid(world, per_org):
    budget(world, "1000")
    (allocation,) = generate(world, per_org)
    return pay(world, allocation)


def test_who_sees_the_pages(world, statuses):
    got = statuses(reverse("funding:rules"))
    assert got["district_admin"] == got["town_a_admin"] == got["leader"] == 200
    assert got["secretary"] == 403 and got["system_admin"] == 403
    allocations = statuses(reverse("funding:allocations"))
    assert allocations["secretary"] == 200 and allocations["leader"] == 200


def test_leaders_read_but_do_not_generate(world, login, per_org):
    leader = login("leader")
    assert leader.get(reverse("funding:summary")).status_code == 200
    assert leader.get(reverse("funding:generate")).status_code == 403
    assert leader.get(reverse("funding:budget-create")).status_code == 403


def test_generation_preview_then_confirm(world, login, org_a2, per_org):
    budget(world, "3000")
    client = login("town_a_admin")
    data = {"region": world.town_a.code, "year": YEAR, "rule": per_org.pk}
    preview = client.get(reverse("funding:generate"), data)
    text = preview.content.decode()
    assert '合计 <strong id="plan-total">2,000.00</strong>' in text
    assert '余额 <strong id="plan-remaining">3,000.00</strong>' in text
    assert not Allocation.objects.exists()
    response = client.post(reverse("funding:generate"), data)
    assert response.status_code == 302
    assert Allocation.objects.count() == 2
    again = client.post(reverse("funding:generate"), data, follow=True)
    assert "已生成 0 笔" in again.content.decode()
    assert Allocation.objects.count() == 2


def test_an_over_budget_generation_is_refused_on_the_page(world, login, org_a2, per_org):
    budget(world, "1999.99")
    client = login("town_a_admin")
    data = {"region": world.town_a.code, "year": YEAR, "rule": per_org.pk}
    assert "合计超出预算余额" in client.get(reverse("funding:generate"), data).content.decode()
    response = client.post(reverse("funding:generate"), data)
    assert response.status_code == 200
    assert "超出预算余额 1999.99 元" in response.content.decode()
    assert not Allocation.objects.exists()


def test_generation_for_another_towns_region_is_refused(world, login, per_org):
    client = login("town_a_admin")
    data = {"region": world.town_b.code, "year": YEAR, "rule": per_org.pk}
    response = client.post(reverse("funding:generate"), data)
    assert "不在您的管辖范围内" in response.content.decode()
    assert not Allocation.objects.exists()


def test_approve_and_pay_on_the_page(world, login, per_org):
    budget(world, "1000")
    (allocation,) = generate(world, per_org, actor="district_admin")
    client = login("town_a_admin")
    client.post(reverse("funding:allocation-move", args=[allocation.pk, "approved"]))
    client.post(reverse("funding:allocation-move", args=[allocation.pk, "paid"]))
    allocation.refresh_from_db()
    assert allocation.state == "paid"
    assert (
        login("leader")
        .post(reverse("funding:allocation-move", args=[allocation.pk, "paid"]))
        .status_code
        == 403
    )
    assert (
        login("town_b_admin")
        .post(reverse("funding:allocation-move", args=[allocation.pk, "approved"]))
        .status_code
        == 404
    )


def expense_data(**changes):
    data = {
        "spent_on": f"{YEAR}-03-01",
        "category": ExpenseCategory.objects.get(code="study").pk,
        "amount": "120.50",
        "payee": "新华书店",
        "receipt_number": "FP2026001",
        "description": "党员学习读本",
    }
    return {**data, **changes}


def test_a_secretary_records_an_expense_on_their_allocation(world, login, paid):
    client = login("secretary")
    url = reverse("funding:expense-create", args=[paid.pk])
    response = client.post(url, expense_data())
    assert response.status_code == 302
    detail = client.get(reverse("funding:allocation", args=[paid.pk])).content.decode()
    assert "879.50 元" in detail and "FP2026001" in detail


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"amount": "1.005"}, "金额最多精确到分"),
        ({"amount": "-1"}, "金额不能为负数"),
        ({"amount": "1000.01"}, "超过该笔经费余额 1000.00 元"),
        ({"amount": "十元"}, "请输入金额"),
        ({"payee": "某" * 101}, "100"),
        ({"receipt_number": ""}, "必填"),
        ({"spent_on": "2026-13-01"}, "请输入正确的日期"),
    ],
)
def test_bad_expenses_are_refused_in_chinese(world, login, paid, changes, message):
    response = login("secretary").post(
        reverse("funding:expense-create", args=[paid.pk]), expense_data(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Expense.objects.exists()


def test_an_expense_against_an_out_of_scope_allocation_is_404(world, login, paid):
    url = reverse("funding:expense-create", args=[paid.pk])
    assert login("town_b_admin").post(url, expense_data()).status_code == 404
    assert (
        login("town_b_admin").get(reverse("funding:allocation", args=[paid.pk])).status_code == 404
    )
    assert login("leader").post(url, expense_data()).status_code == 403
    assert not Expense.objects.exists()


def test_a_secretary_sees_only_their_organizations_allocations(world, login, per_org):
    budget(world, "1000")
    budget(world, "1000", region=world.town_b, actor="town_b_admin")
    generate(world, per_org)
    generate(world, per_org, region=world.town_b, actor="town_b_admin")
    text = login("secretary").get(reverse("funding:allocations")).content.decode()
    assert world.org_a.name in text and world.org_b.name not in text


def test_budget_form_bad_input(world, login):
    client = login("town_a_admin")
    url = reverse("funding:budget-create")
    data = {"year": YEAR, "region": world.town_a.code, "money_source": "finance"}
    assert "金额最多精确到分" in client.post(url, {**data, "amount": "10.001"}).content.decode()
    assert (
        "不存在或不在您的管辖范围内"
        in client.post(url, {**data, "region": world.town_b.code, "amount": "10"}).content.decode()
    )
    assert (
        "年度不能晚于 2100 年"
        in client.post(url, {**data, "year": 3000, "amount": "1"}).content.decode()
    )
    assert not Budget.objects.exists()
    assert client.post(url, {**data, "amount": "10000"}).status_code == 302
    assert Budget.objects.get().amount == D("10000.00")


def test_a_new_rule_version_from_the_page(world, login, per_org):
    url = reverse("funding:version-create", args=[per_org.pk])
    assert login("town_a_admin").get(url).status_code == 403
    client = login("district_admin")
    response = client.post(url, {"effective_from": f"{YEAR}-07-01", "amount": "1200"})
    assert response.status_code == 302
    assert per_org.versions.get(number=2).amount == D("1200.00")
    early = client.post(url, {"effective_from": f"{YEAR}-01-01", "amount": "1300"})
    assert "生效日期须晚于现行版本的生效日期" in early.content.decode()


def workbook(response):
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def fen(value) -> Decimal:
    return D(str(round(float(value), 2))).quantize(D("0.01"))


def test_the_finance_export_balances(world, login, org_a2, per_org):
    budget(world, "2000")
    created = {a.organization.code: a for a in generate(world, per_org)}
    first, second = created["ORG-A"], created["ORG-A2"]
    pay(world, first)
    pay(world, second)
    spend(world, first, "320.00")
    spend(world, first, "186.50", code="study")
    spend(world, second, "0.01", actor="town_a_admin", code="care")
    response = login("town_a_admin").get(reverse("funding:summary-export"), {"year": YEAR})
    sheets = workbook(response)
    ledger, summary = sheets["台账"], sheets["汇总"]

    header = ledger[1]
    given, spent, balance = (header.index(h) for h in ("拨付金额", "支出金额", "余额"))
    lines, total = ledger[2:-1], ledger[-1]
    assert total[0] == "合计"
    assert sorted(row[1] for row in lines) == ["拨付", "拨付", "支出", "支出", "支出"]
    assert sum(fen(r[given]) for r in lines) == fen(total[given]) == D("2000.00")
    assert sum(fen(r[spent]) for r in lines) == fen(total[spent]) == D("506.51")
    assert fen(total[given]) - fen(total[spent]) == fen(total[balance])

    header = summary[1]
    given, spent, balance = (header.index(h) for h in ("拨付金额", "支出金额", "余额"))
    rows, total = summary[2:-1], summary[-1]
    for row in rows:
        assert fen(row[given]) - fen(row[spent]) == fen(row[balance])
    assert fen(total[given]) - fen(total[spent]) == fen(total[balance])
    assert fen(total[given]) == Allocation.objects.aggregate(s=Sum("amount"))["s"]
    assert fen(total[spent]) == Expense.objects.aggregate(s=Sum("amount"))["s"]
    assert rows[0][:3] == ["川姜镇", per_org.name, "财政"]


def test_the_summary_page_by_rule(world, login, paid):
    spend(world, paid, "250")
    text = (
        login("leader")
        .get(reverse("funding:summary"), {"year": YEAR, "by": "rule"})
        .content.decode()
    )
    assert "非公企业党组织工作经费" in text and "750.00" in text


def test_lists_export(world, login, paid):
    client = login("district_admin")
    for name in ("rules", "budgets", "allocations", "enterprise-funds", "refunds"):
        response = client.get(reverse(f"funding:{name}-export"))
        assert response.status_code == 200, name
    rows = workbook(client.get(reverse("funding:allocations-export")))
    flat = [cell for sheet in rows.values() for row in sheet for cell in row]
    assert world.org_a.name in flat


def test_approve_and_pay_all_the_filtered_drafts(world, login, org_a2, per_org):
    budget(world, "2000")
    budget(world, "1000", region=world.town_b, actor="town_b_admin")
    generate(world, per_org, actor="district_admin")  # 经办与审批分离: the town approves
    (other,) = generate(world, per_org, region=world.town_b, actor="town_b_admin")
    client = login("town_a_admin")
    page = client.get(reverse("funding:allocations"), {"state": "draft"}).content.decode()
    assert "全部审批（2 笔）" in page
    url = reverse("funding:allocations-move-all", args=["approved"])
    client.post(f"{url}?state=draft")
    client.post(f"{reverse('funding:allocations-move-all', args=['paid'])}?state=approved")
    assert set(Allocation.objects.exclude(pk=other.pk).values_list("state", flat=True)) == {"paid"}
    other.refresh_from_db()
    assert other.state == "draft"  # town B's, out of town A's scope
    assert login("leader").post(f"{url}?state=draft").status_code == 403


def test_the_district_adds_a_rule(world, login):
    from liangxin.funding.models import FundingRule

    url = reverse("funding:rule-create")
    data = {
        "code": "red-collar",
        "name": "红领津贴",
        "basis": "per_organization",
        "money_source": "finance",
        "citation": "运行经费、活动经费、红领津贴 [L:平湖]",
        "effective_from": f"{YEAR}-01-01",
        "amount": "800",
    }
    assert login("town_a_admin").post(url, data).status_code == 403
    client = login("district_admin")
    assert "请输入金额" in client.post(url, {**data, "amount": "八百"}).content.decode()
    assert client.post(url, data).status_code == 302
    assert FundingRule.objects.get(code="red-collar").versions.get().amount == D("800.00")
    assert "已存在" in client.post(url, data).content.decode()


def test_another_towns_summary_does_not_show_this_town(world, login, paid):
    text = login("town_b_admin").get(reverse("funding:summary"), {"year": YEAR}).content.decode()
    assert "川姜镇" not in text and "该年度暂无拨付" in text
    export = login("town_b_admin").get(reverse("funding:summary-export"), {"year": YEAR})
    sheets = workbook(export)
    assert sheets["台账"][-1][0] == "合计" and fen(sheets["台账"][-1][12]) == D("0.00")


def test_project_form_refuses_out_of_scope_and_non_project_rules(world, login, per_org):
    from liangxin.funding import services

    rule = services.rule_create(
        actor=world.user("district_admin"), code="project-c", name="党建项目", basis="project",
        money_source="finance", effective_from=datetime.date(YEAR, 1, 1), amount="3000",
    )  # fmt: skip
    budget(world, "3000")
    client = login("town_a_admin")
    url = reverse("funding:project-create")
    data = {"rule": rule.pk, "organization": world.org_a.code, "year": YEAR}
    other = client.post(url, {**data, "organization": world.org_b.code}).content.decode()
    assert "不存在或不在您的管辖范围内" in other
    assert "请选择项目经费规则" in client.post(url, {**data, "rule": per_org.pk}).content.decode()
    assert client.post(url, data).status_code == 302
    assert "已存在" in client.post(url, data).content.decode()
    assert Allocation.objects.get().amount == D("3000.00")


def test_refund_form_bad_input(world, login):
    client = login("town_a_admin")
    url = reverse("funding:refund-create")
    other = client.post(url, {"organization": world.org_b.code, "year": 2025}).content.decode()
    assert "不存在或不在您的管辖范围内" in other
    assert (
        "请输入年度"
        in client.post(url, {"organization": world.org_a.code, "year": "x"}).content.decode()
    )

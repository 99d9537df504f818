"""Dues pages against every persona, their forms, exports and query counts.

Business roles see the pages (others 403); a record outside the scope is 404;
in scope but without the right to handle dues (leader, instructor) is 403.
"""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.dues.models import DuesBase, DuesMonth, DuesStatus
from tests import factories as f
from tests.clients import expect
from tests.dues.conftest import APPROVAL, base_for, month_for, months_for

pytestmark = pytest.mark.django_db
D = Decimal
REGISTRY_ROLES_OK = dict(system_admin=403, audit_admin=403)
PAGES = [
    "dues:months",
    "dues:bases",
    "dues:alerts",
    "dues:totals",
    "dues:months-export",
    "dues:alerts-export",
    "dues:totals-export",
]


@pytest.mark.parametrize("url_name", PAGES)
def test_pages_open_to_business_roles_only(statuses, dues_world, url_name):  # noqa: F811
    assert statuses(reverse(url_name)) == expect(200, **REGISTRY_ROLES_OK)


@pytest.mark.parametrize("url_name", ["dues:base-create", "dues:months-open"])
def test_forms_need_the_right_to_edit_members(statuses, world, url_name):  # noqa: F811
    assert statuses(reverse(url_name)) == expect(
        200, instructor=403, leader=403, system_admin=403, audit_admin=403
    )


def visible_names(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {row.member.name for row in response.context["object_list"]}


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("district_admin", {"林晓红", "陈建国"}),
        ("town_a_admin", {"林晓红"}),
        ("town_b_admin", {"陈建国"}),
        ("secretary", {"林晓红"}),
        ("instructor", set()),
        ("leader", {"林晓红", "陈建国"}),
        ("outsider", set()),
    ],
)
def test_lists_are_scoped(login, dues_world, persona, names):  # noqa: F811
    client = login(persona)
    assert visible_names(client, reverse("dues:months") + "?year=2025&month=1") == names
    assert visible_names(client, reverse("dues:bases")) == names


def test_month_list_opens_on_the_current_month_and_sums(login, world):  # noqa: F811
    today = timezone.localdate()
    month_for(world.member_a, today.year, today.month, DuesStatus.PAID)
    month_for(world.member_b, today.year, today.month, due="75.00")
    month_for(world.member_a, 2020, 1)
    response = login("district_admin").get(reverse("dues:months"))
    assert len(response.context["object_list"]) == 2
    summary = response.context["summary"]
    assert (summary["due"], summary["paid"], summary["unpaid_count"]) == (D("90.00"), D("15.00"), 1)
    assert "党费收缴台账" in response.content.decode()


def test_month_list_filters(login, dues_world):  # noqa: F811
    client = login("district_admin")
    url = reverse("dues:months")
    assert visible_names(client, f"{url}?year=2025&month=1&organization=ORG-B") == {"陈建国"}
    assert visible_names(client, f"{url}?year=2025&month=1&region=350599100000") == {"林晓红"}
    assert visible_names(client, f"{url}?year=2025&month=1&status=paid") == set()
    assert visible_names(client, f"{url}?year=2025&month=&status=unpaid") == {"林晓红", "陈建国"}
    assert visible_names(client, f"{url}?year=abc") == set()  # malformed: nothing, no error


# --- actions --------------------------------------------------------------------------------


# A confirmed payment, as the dialog's 确认交纳 posts it (tests/dues/test_payment.py walks
# the steps before it).
PAID = {"amount": "15.00", "paid_on": "2025-01-20", "method": "cash", "confirmed": "1"}


def test_pay_statuses_per_persona(statuses, login, dues_world):  # noqa: F811
    url = reverse("dues:pay", args=[dues_world.month_a.pk])
    # The form (GET) answers as a confirmed payment would: found in scope, then the role.
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        instructor=404,
        outsider=404,
        leader=403,
        system_admin=403,
        audit_admin=403,
    )
    assert login("leader").post(url, PAID).status_code == 403
    assert login("town_b_admin").post(url, PAID).status_code == 404
    assert login("secretary").post(url, PAID).status_code == 302
    dues_world.month_a.refresh_from_db()
    assert dues_world.month_a.status == DuesStatus.PAID


def test_pay_needs_csrf_and_the_form_saves_nothing(world, dues_world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("secretary"))
    url = reverse("dues:pay", args=[dues_world.month_a.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, PAID).status_code == 403
    dues_world.month_a.refresh_from_db()
    assert dues_world.month_a.status == DuesStatus.UNPAID


def test_pay_from_htmx_swaps_the_row(login, dues_world):  # noqa: F811
    url = reverse("dues:pay", args=[dues_world.month_a.pk])
    response = login("secretary").post(url, PAID, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    row = body.split(f'<tr id="dues-month-{dues_world.month_a.pk}" hx-swap-oob="true">')[1]
    assert "已交" in row and "2025-01-20" in row and "现金" in row


def test_pay_seven_months_late_shows_the_rule(login, dues_world):  # noqa: F811
    url = reverse("dues:pay", args=[dues_world.month_a.pk])
    data = {**PAID, "paid_on": "2025-08-01"}
    response = login("secretary").post(url, data, HTTP_HX_REQUEST="true")
    assert "补交党费最多 6 个月" in response.content.decode()
    dues_world.month_a.refresh_from_db()
    assert dues_world.month_a.status == DuesStatus.UNPAID


@pytest.mark.parametrize("amount", ["abc", "-1", "15.001", "9" * 40])
def test_pay_with_a_malformed_amount_changes_nothing(login, dues_world, amount):  # noqa: F811
    url = reverse("dues:pay", args=[dues_world.month_a.pk])
    response = login("secretary").post(url, {**PAID, "amount": amount}, follow=True)
    assert response.status_code == 200
    dues_world.month_a.refresh_from_db()
    assert dues_world.month_a.status == DuesStatus.UNPAID


def test_pay_redirect_stays_on_this_site(login, dues_world):  # noqa: F811
    url = reverse("dues:pay", args=[dues_world.month_a.pk])
    response = login("secretary").post(url, {**PAID, "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]


def approval_post(**changes):
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in APPROVAL.items()}
    return {**data, "reason": "生活困难", **changes}


def test_reduce_and_waive_statuses_per_persona(statuses, dues_world):  # noqa: F811
    for name in ("dues:reduce", "dues:waive"):
        url = reverse(name, args=[dues_world.month_b.pk])
        assert statuses(url) == expect(
            200,
            town_a_admin=404,
            secretary=404,
            instructor=404,
            outsider=404,
            leader=403,
            system_admin=403,
            audit_admin=403,
        )


def test_reduce_form_records_the_approval(login, dues_world):  # noqa: F811
    url = reverse("dues:reduce", args=[dues_world.month_b.pk])
    response = login("town_b_admin").post(url, approval_post(amount="10.00"))
    assert response.status_code == 302
    month = DuesMonth.objects.get(pk=dues_world.month_b.pk)
    assert (month.status, month.approved_amount, month.reason) == (
        "reduced",
        D("10.00"),
        "生活困难",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(approval_number=""), "approval_number"),
        (dict(approved_on="2025-02-01"), "approved_on"),
        (dict(approver="镇" * 101), "approver"),
        (dict(decided_on="2025-13-40"), "decided_on"),
    ],
)
def test_waive_form_errors_land_next_to_the_fields(login, dues_world, changes, field):  # noqa: F811
    url = reverse("dues:waive", args=[dues_world.month_a.pk])
    response = login("secretary").post(url, approval_post(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert DuesMonth.objects.get(pk=dues_world.month_a.pk).status == DuesStatus.UNPAID


def test_open_month_form(login, world):  # noqa: F811
    base_for(world.member_a)
    client = login("town_a_admin")
    data = {"organization": "ORG-A", "year": "2025", "month": "4"}
    response = client.post(reverse("dues:months-open"), data, follow=True)
    assert "已生成 1 条" in response.content.decode()
    response = client.post(reverse("dues:months-open"), data, follow=True)
    assert "已生成 0 条，已存在 1 条" in response.content.decode()
    outside = client.post(reverse("dues:months-open"), {**data, "organization": "ORG-B"})
    assert "不存在或不在您的管辖范围内" in outside.content.decode()
    assert DuesMonth.objects.count() == 1


# --- bases ----------------------------------------------------------------------------------


def base_post(world, **changes):
    """The member as the picker sends it: the public id, never the ID number (issue 14)."""
    return {
        "member": str(world.member_a.public_id),
        "year": "2025",
        "category": "employed",
        "base": "3000.01",
        "farmer_amount": "",
        **changes,
    }


def test_base_form_creates_with_the_computed_amount(login, world):  # noqa: F811
    response = login("secretary").post(reverse("dues:base-create"), base_post(world))
    assert response.status_code == 302
    assert DuesBase.objects.get().monthly_amount == D("30.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(base="-1"), "base"),
        (dict(base="3000.001"), "base"),
        (dict(base="99999999999"), "base"),
        (dict(base="abc"), "base"),
        (dict(member="123"), "member"),
        (dict(member="00000000-0000-4000-8000-000000000000"), "member"),
        (dict(year="1990"), "year"),
        (dict(category="farmer", farmer_amount="1.01"), "farmer_amount"),
        (dict(category="soldier"), "category"),
    ],
)
def test_base_form_refuses_bad_input(login, world, changes, field):  # noqa: F811
    response = login("secretary").post(reverse("dues:base-create"), base_post(world, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not DuesBase.objects.exists()


def test_base_form_still_takes_a_typed_id_number(login, world):  # noqa: F811
    """Without JavaScript the picker is a text box: the whole ID number typed there finds
    the member, as before the picker."""
    post = base_post(world, member=world.member_a_id_number)
    response = login("secretary").post(reverse("dues:base-create"), post)
    assert response.status_code == 302
    assert DuesBase.objects.get().member == world.member_a


def test_base_form_refuses_duplicates_and_members_out_of_scope(login, world):  # noqa: F811
    base_for(world.member_a)
    client = login("town_a_admin")
    duplicate = client.post(reverse("dues:base-create"), base_post(world))
    assert "本年度的党费基数已核定" in duplicate.content.decode()
    outsider = login("town_b_admin").post(reverse("dues:base-create"), base_post(world))
    assert "不存在或不在您的管辖范围内" in outsider.content.decode()
    assert DuesBase.objects.count() == 1


def test_base_edit_statuses_and_update(statuses, login, dues_world):  # noqa: F811
    url = reverse("dues:base-edit", args=[dues_world.base_a.pk])
    assert statuses(url) == expect(
        200,
        town_b_admin=404,
        instructor=404,
        outsider=404,
        leader=403,
        system_admin=403,
        audit_admin=403,
    )
    response = login("secretary").post(url, {"category": "retired", "base": "5000.01"})
    assert response.status_code == 302
    dues_world.base_a.refresh_from_db()
    assert dues_world.base_a.monthly_amount == D("50.00")
    dues_world.month_a.refresh_from_db()
    assert dues_world.month_a.amount_due == D("50.00")  # unpaid months follow the correction


# --- alerts, totals and exports -------------------------------------------------------------


def test_alert_page_lists_without_changing_anyone(login, world):  # noqa: F811
    months_for(world.member_a, 2025, range(1, 7))
    response = login("secretary").get(reverse("dues:alerts") + "?year=2025&month=6")
    body = response.content.decode()
    assert "林晓红" in body and "请支部按党章第九条处理" in body
    assert [m.name for m, _ in response.context["rows"]] == ["林晓红"]
    other = login("town_b_admin").get(reverse("dues:alerts") + "?year=2025&month=6")
    assert other.context["rows"] == []


def test_totals_page_out_of_scope_organization_is_404(login, dues_world):  # noqa: F811
    assert (
        login("town_a_admin").get(reverse("dues:totals") + "?organization=ORG-B").status_code == 404
    )
    response = login("town_b_admin").get(reverse("dues:totals") + "?year=2025&organization=ORG-B")
    assert response.status_code == 200
    assert response.context["total"]["due"] == D("75.00")


def workbook_rows(response):
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def report_rows(response):
    """A report's table under its title row (name, scope and export date)."""
    title, *table = workbook_rows(response)
    assert "范围：" in title[0] and "导出日期：" in title[0], title
    return table


def test_month_export_is_scoped_and_masked(login, dues_world):  # noqa: F811
    response = login("town_a_admin").get(reverse("dues:months-export") + "?year=2025&month=1")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = report_rows(response)
    assert rows[0][:2] == ["姓名", "公民身份号码"]
    assert [r[0] for r in rows[1:]] == ["林晓红"]
    assert dues_world.member_a_id_number not in str(rows)


def test_alert_and_totals_exports(login, world):  # noqa: F811
    months_for(world.member_a, 2025, range(1, 7))
    alerts = report_rows(
        login("district_admin").get(reverse("dues:alerts-export") + "?year=2025&month=6")
    )
    assert alerts[1][0] == "林晓红" and alerts[1][-1] == "请支部按党章第九条处理"
    totals = report_rows(login("district_admin").get(reverse("dues:totals-export") + "?year=2025"))
    assert totals[1][:2] == ["川姜纺织有限公司党支部", "ORG-A"]
    by_month = report_rows(
        login("district_admin").get(reverse("dues:totals-export") + "?year=2025&by=month")
    )
    assert [r[0] for r in by_month[1:]] == [f"{m}月" for m in range(1, 7)]


def test_bases_ledger_export_through_the_ledger_page(login, dues_world):  # noqa: F811
    response = login("town_b_admin").get(reverse("ledger:export", args=["dues_bases"]))
    rows = workbook_rows(response)
    assert rows[0][:4] == ["公民身份号码", "姓名", "年度", "党费类别"]
    assert [r[1] for r in rows[1:]] == ["陈建国"]


# --- query counts ---------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_members_with_dues(world, n, *, unpaid_months=range(1, 2)):
    for member in f.MemberFactory.create_batch(n, organization=world.org_a):
        base_for(member)
        months_for(member, 2025, unpaid_months)


@pytest.mark.parametrize(
    "url",
    [
        "/dues/?year=2025&month=1",
        "/dues/bases/?year=2025",
        "/dues/alerts/?year=2025&month=6",
        "/dues/totals/?year=2025",
    ],
)
def test_query_count_does_not_grow_with_rows(login, world, url):  # noqa: F811
    client = login("town_a_admin")
    add_members_with_dues(world, 3, unpaid_months=range(1, 7))
    count_queries(client, url)  # warm the per-process caches (content types, session)
    few = count_queries(client, url)
    add_members_with_dues(world, 25, unpaid_months=range(1, 7))
    assert count_queries(client, url) == few

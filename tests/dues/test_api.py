"""/api/v1/dues/… against every persona: scoped lists, writes, malformed input, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.dues.models import DuesBase, DuesEvent, DuesMonth, DuesStatus
from tests import factories as f
from tests.clients import assert_chinese_error
from tests.conftest import PERSONAS
from tests.dues.conftest import APPROVAL, base_for, months_for

pytestmark = pytest.mark.django_db
D = Decimal
BASES, MONTHS = "/api/v1/dues/bases/", "/api/v1/dues/months/"
ALERTS, TOTALS = "/api/v1/dues/alerts/", "/api/v1/dues/totals/"

VISIBLE = {
    "district_admin": {"林晓红", "陈建国"},
    "town_a_admin": {"林晓红"},
    "town_b_admin": {"陈建国"},
    "secretary": {"林晓红"},
    "instructor": set(),
    "leader": {"林晓红", "陈建国"},
    "outsider": set(),
}
EDITORS = {"district_admin", "town_a_admin", "town_b_admin", "secretary"}


def names(response, key="member_name"):
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_are_scoped(client_as, dues_world, persona):  # noqa: F811
    client = client_as(persona)
    assert names(client.get(BASES)) == VISIBLE[persona]
    assert names(client.get(MONTHS)) == VISIBLE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_outside_the_scope_is_404(client_as, dues_world, persona):  # noqa: F811
    client = client_as(persona)
    expected = 200 if "林晓红" in VISIBLE[persona] else 404
    assert client.get(f"{BASES}{dues_world.base_a.pk}/").status_code == expected
    assert client.get(f"{MONTHS}{dues_world.month_a.pk}/").status_code == expected


def test_amounts_are_exact_strings(client_as, dues_world):  # noqa: F811
    body = client_as("district_admin").get(f"{BASES}{dues_world.base_b.pk}/").json()
    assert body["base"] == "5000.01" and body["monthly_amount"] == "75.00"
    assert body["member"] == str(dues_world.member_b.public_id)


# --- bases ----------------------------------------------------------------------------------


def base_body(world, **changes):
    return {
        "member": str(world.member_a.public_id),
        "year": 2025,
        "category": "employed",
        "base": "10000.00",
        **changes,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_base_per_persona(client_as, world, persona):  # noqa: F811
    response = client_as(persona).post(BASES, base_body(world), format="json")
    if persona in {"district_admin", "town_a_admin", "secretary"}:
        assert response.status_code == 201, response.content
        assert response.json()["monthly_amount"] == "150.00"
    elif persona in {"leader", "instructor"}:
        assert response.status_code == 403
    else:  # the member is outside the scope: it does not exist for them
        assert_chinese_error(response, "member")
    assert DuesBase.objects.count() == (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(base="abc"), "base"),
        (dict(base="-1.00"), "base"),
        (dict(base="3000.001"), "base"),
        (dict(base="1000000.01"), "base"),
        (dict(base="9" * 200), "base"),
        (dict(year=1999), "year"),
        (dict(year="x"), "year"),
        (dict(category="soldier"), "category"),
        (dict(member="not-a-uuid"), "member"),
        (dict(category="farmer", farmer_amount="1.01"), "farmer_amount"),
        (dict(category="farmer"), "farmer_amount"),
        (dict(farmer_amount="0.50"), "farmer_amount"),
    ],
)
def test_create_base_refuses_malformed_input(client_as, world, changes, field):  # noqa: F811
    response = client_as("district_admin").post(BASES, base_body(world, **changes), format="json")
    assert_chinese_error(response, field)
    assert not DuesBase.objects.exists()


def test_duplicate_base_is_refused_in_chinese(client_as, world):  # noqa: F811
    client = client_as("district_admin")
    assert client.post(BASES, base_body(world), format="json").status_code == 201
    messages = assert_chinese_error(client.post(BASES, base_body(world), format="json"))
    assert any("已核定" in m for m in messages)


def test_malformed_json_is_a_chinese_400(client_as, world):  # noqa: F811
    response = client_as("district_admin").post(
        BASES, data="{nope", content_type="application/json"
    )
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


def test_update_base_reprices_and_keeps_the_key(client_as, dues_world):  # noqa: F811
    client = client_as("secretary")
    url = f"{BASES}{dues_world.base_a.pk}/"
    response = client.patch(url, {"base": "3000.01"}, format="json")
    assert response.status_code == 200 and response.json()["monthly_amount"] == "30.00"
    dues_world.month_a.refresh_from_db()
    assert dues_world.month_a.amount_due == D("30.00")
    moved = client.patch(url, {"year": 2024}, format="json")
    assert_chinese_error(moved)
    assert client_as("town_b_admin").patch(url, {"base": "1"}, format="json").status_code == 404
    assert client_as("leader").patch(url, {"base": "1"}, format="json").status_code == 403


def test_bases_cannot_be_deleted(client_as, dues_world):  # noqa: F811
    response = client_as("district_admin").delete(f"{BASES}{dues_world.base_a.pk}/")
    assert response.status_code == 405


# --- months ---------------------------------------------------------------------------------


def pay_status(client, month, body=None):
    return client.post(f"{MONTHS}{month.pk}/pay/", body or {}, format="json").status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_pay_per_persona(client_as, dues_world, persona):  # noqa: F811
    status = pay_status(
        client_as(persona), dues_world.month_a, {"paid_on": "2025-01-20", "method": "cash"}
    )
    if persona in EDITORS and "林晓红" in VISIBLE[persona]:
        assert status == 200
    elif "林晓红" in VISIBLE[persona]:
        assert status == 403
    else:
        assert status == 404
    paid = DuesMonth.objects.get(pk=dues_world.month_a.pk).status == DuesStatus.PAID
    assert paid == (status == 200)


def test_pay_answers_the_month_and_records_the_event(client_as, dues_world):  # noqa: F811
    response = client_as("secretary").post(
        f"{MONTHS}{dues_world.month_a.pk}/pay/",
        {"paid_on": "2025-07-31", "method": "wechat"},
        format="json",
    )
    assert response.json()["status"] == "paid" and response.json()["amount_paid"] == "15.00"
    assert response.json()["method"] == "wechat"
    assert DuesEvent.objects.get(kind="paid").actor == dues_world.user("secretary")


def test_pay_seven_months_late_is_refused_citing_the_rule(client_as, dues_world):  # noqa: F811
    response = client_as("secretary").post(
        f"{MONTHS}{dues_world.month_a.pk}/pay/",
        {"paid_on": "2025-08-01", "method": "cash"},
        format="json",
    )
    messages = assert_chinese_error(response, "paid_on")
    assert "中组发〔2008〕3号" in messages[0]


@pytest.mark.parametrize(
    "body", [{"amount": "abc"}, {"amount": "-1"}, {"paid_on": "2025-02-30"}, {"amount": 1e300}]
)
def test_pay_refuses_malformed_input(client_as, dues_world, body):  # noqa: F811
    assert_chinese_error(
        client_as("secretary").post(f"{MONTHS}{dues_world.month_a.pk}/pay/", body, format="json")
    )


def test_reduce_and_waive(client_as, dues_world):  # noqa: F811
    client = client_as("town_b_admin")
    approval = {k: str(v) for k, v in APPROVAL.items()}
    missing = client.post(
        f"{MONTHS}{dues_world.month_b.pk}/reduce/", {"amount": "10"}, format="json"
    )
    assert_chinese_error(missing, "approval_number")
    reduced = client.post(
        f"{MONTHS}{dues_world.month_b.pk}/reduce/", {**approval, "amount": "10.00"}, format="json"
    )
    assert reduced.json()["status"] == "reduced" and reduced.json()["approved_amount"] == "10.00"
    other = client.post(f"{MONTHS}{dues_world.month_a.pk}/waive/", approval, format="json")
    assert other.status_code == 404
    waived = client_as("secretary").post(
        f"{MONTHS}{dues_world.month_a.pk}/waive/", approval, format="json"
    )
    assert waived.json()["status"] == "waived" and waived.json()["approver"] == "川姜镇党委"


def test_months_cannot_be_created_or_edited_directly(client_as, dues_world):  # noqa: F811
    client = client_as("district_admin")
    assert client.post(MONTHS, {}, format="json").status_code == 405
    assert client.patch(f"{MONTHS}{dues_world.month_a.pk}/", {}, format="json").status_code == 405


def test_open_months(client_as, dues_world):  # noqa: F811
    client = client_as("town_a_admin")
    body = {"organization": "ORG-A", "year": 2025, "month": 2}
    assert client.post(f"{MONTHS}open/", body, format="json").json() == {
        "created": 1,
        "already_open": 0,
        "without_base": 0,
    }
    assert client.post(f"{MONTHS}open/", body, format="json").json()["already_open"] == 1
    outside = client.post(f"{MONTHS}open/", {**body, "organization": "ORG-B"}, format="json")
    assert_chinese_error(outside, "organization")
    assert client_as("leader").post(f"{MONTHS}open/", body, format="json").status_code == 403
    assert_chinese_error(client.post(f"{MONTHS}open/", {**body, "month": 13}, format="json"))


# --- alerts and totals ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_alerts_are_scoped(client_as, world, persona):  # noqa: F811
    months_for(world.member_a, 2025, range(1, 7))
    months_for(world.member_b, 2025, range(1, 7))
    response = client_as(persona).get(ALERTS, {"year": 2025, "month": 6})
    assert names(response, "name") == VISIBLE[persona]


def test_alert_entry(client_as, world):  # noqa: F811
    months_for(world.member_a, 2025, range(1, 7))
    row = client_as("secretary").get(ALERTS, {"year": 2025, "month": 6}).json()["results"][0]
    assert row["since"] == "2025-01" and row["months"] == 6 and row["unpaid_due"] == "90.00"
    assert row["action"] == "请支部按党章第九条处理"
    assert "id_number" not in str(row.keys())


def test_alerts_reject_malformed_or_foreign_filters(client_as, world):  # noqa: F811
    client = client_as("town_a_admin")
    assert_chinese_error(client.get(ALERTS, {"month": 13}))
    assert client.get(ALERTS, {"organization": "ORG-B"}).status_code == 404


def test_totals(client_as, dues_world):  # noqa: F811
    body = client_as("district_admin").get(TOTALS, {"year": 2025}).json()
    assert body["total"]["due"] == "90.00" and body["total"]["months"] == 2
    assert [(g["organization"], g["due"]) for g in body["groups"]] == [
        ("ORG-A", "15.00"),
        ("ORG-B", "75.00"),
    ]
    assert [m["month"] for m in body["by_month"]] == [1]
    town_b = client_as("town_b_admin").get(TOTALS, {"year": 2025}).json()
    assert town_b["total"]["due"] == "75.00"
    assert client_as("town_b_admin").get(TOTALS, {"organization": "ORG-A"}).status_code == 404
    assert client_as("system_admin").get(TOTALS).status_code == 403


# --- query counts ---------------------------------------------------------------------------


def add_members(world, n):
    for member in f.MemberFactory.create_batch(n, organization=world.org_a):
        base_for(member)
        months_for(member, 2025, range(1, 7))


@pytest.mark.parametrize("url", [BASES, MONTHS, f"{ALERTS}?year=2025&month=6"])
def test_list_query_count_does_not_grow(client_as, world, url):  # noqa: F811
    client = client_as("town_a_admin")
    add_members(world, 3)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    add_members(world, 25)
    assert count() == few

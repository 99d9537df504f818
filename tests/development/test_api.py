"""/api/v1/development-cases/ and /api/v1/development/…: personas, input, queries, audit."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.development.models import DevelopmentCase
from liangxin.members.models import Member
from tests import factories as f
from tests.clients import assert_chinese_error
from tests.conftest import PERSONAS
from tests.development.conftest import make_case

pytestmark = pytest.mark.django_db
BASE = "/api/v1/development-cases/"
SEES_A = {"district_admin", "town_a_admin", "secretary", "leader"}
SEES_B = {"district_admin", "town_b_admin", "leader"}
WRITE_A = dict(
    district_admin=200,
    town_a_admin=200,
    town_b_admin=404,
    secretary=200,
    instructor=404,
    leader=403,
    outsider=404,
)


def detail(case) -> str:
    return f"{BASE}{case.public_id}/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_exactly_the_scope(dev, client_as, persona):
    body = client_as(persona).get(BASE).json()
    assert set(body) == {"count", "next", "previous", "results"}
    names = {row["name"] for row in body["results"]}
    expected = {name for name, seen in [("赵申请", SEES_A), ("钱申请", SEES_B)] if persona in seen}
    assert names == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_violations_and_steps_are_404_outside(dev, client_as, persona):
    client = client_as(persona)
    expected = 200 if persona in SEES_A else 404
    for suffix in ("", "violations/", "steps/"):
        response = client.get(detail(dev.case_a) + suffix)
        assert response.status_code == expected, (suffix, response.content)
        if expected == 404:
            assert response.json() == {"detail": "未找到该记录"}


@pytest.mark.parametrize("persona", ["system_admin", "audit_admin"])
def test_administrators_see_no_case(dev, client_as, persona):
    assert client_as(persona).get(BASE).status_code == 403  # 三员分立
    assert client_as(persona).get(detail(dev.case_a)).status_code == 403


def test_the_read_shape_masks_personal_data(dev, client_as):
    row = client_as("town_a_admin").get(detail(dev.case_a)).json()
    assert row["organization"] == "ORG-A" and row["stage"] == 1 and row["step"] == 1
    assert "*" in row["id_number_masked"] and "id_number" not in row and "phone" not in row


def new_case_body(world, **changes) -> dict:
    body = {
        "name": "王申请",
        "id_number": f.id_number("350503", datetime.date(1996, 2, 3)),
        "organization": "ORG-A",
        "employer": world.ent_a.uscc,
        "post_level": "management",
        "applied_on": "2026-01-05",
        "phone": "13812345678",
    }
    return {**body, **changes}


CREATE_STATUS = dict(
    district_admin=201,
    town_a_admin=201,
    town_b_admin=400,
    secretary=201,
    instructor=403,
    leader=403,
    outsider=400,
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_by_persona(dev, world, client_as, persona):
    response = client_as(persona).post(BASE, new_case_body(world), format="json")
    assert response.status_code == CREATE_STATUS[persona], response.content
    if response.status_code == 201:
        body = response.json()
        assert (body["step"], body["gender"], body["birth_date"]) == (1, "M", "1996-02-03")
        case = DevelopmentCase.objects.get(public_id=body["public_id"])
        entry = LogEntry.objects.get_for_object(case).get()
        assert entry.additional_data["channel"] == "api"


@pytest.mark.parametrize("persona", PERSONAS)
def test_patch_by_persona(dev, client_as, persona):
    response = client_as(persona).patch(detail(dev.case_a), {"ethnicity": "回族"}, format="json")
    assert response.status_code == WRITE_A[persona], response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_record_a_step_by_persona(dev, client_as, persona):
    body = {"step": 2, "done_on": "2024-03-15", "note": "谈话", "document": "谈话记录"}
    response = client_as(persona).post(detail(dev.case_a) + "steps/", body, format="json")
    expected = 201 if WRITE_A[persona] == 200 else WRITE_A[persona]
    assert response.status_code == expected, response.content


def test_delete_is_not_a_verb(dev, client_as):
    assert client_as("district_admin").delete(detail(dev.case_a)).status_code == 405


# --- malformed, oversized, duplicate, out-of-scope input --------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"id_number": "1" * 40}, "id_number"),
        ({"name": ""}, "name"),
        ({"employer": "91110000600037341L"}, "employer"),  # valid code, not in scope
        ({"organization": "ORG-B"}, "organization"),
        ({"organization": "NOPE"}, "organization"),
        ({"name": "名" * 51}, "name"),
        ({"applied_on": "2026-02-30"}, "applied_on"),
        ({"applied_on": "2099-01-01"}, "applied_on"),
        ({"post_level": "boss"}, "post_level"),
        ({"note": "长" * 100_000}, "note"),
    ],
)
def test_bad_input_is_a_chinese_400(dev, world, client_as, changes, field):
    response = client_as("town_a_admin").post(BASE, new_case_body(world, **changes), format="json")
    assert_chinese_error(response, field)
    assert not DevelopmentCase.objects.filter(name="王申请").exists()


def test_broken_json_is_a_chinese_400(dev, client_as):
    response = client_as("town_a_admin").post(BASE, "{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


def test_a_duplicate_open_case_is_refused(dev, world, client_as):
    client = client_as("town_a_admin")
    body = new_case_body(world)
    assert client.post(BASE, body, format="json").status_code == 201
    found = assert_chinese_error(client.post(BASE, body, format="json"), "id_number")
    assert found == ["该公民身份号码已有进行中的发展党员记录"]


def test_the_application_date_is_corrected_by_its_step_only(dev, client_as):
    response = client_as("town_a_admin").patch(
        detail(dev.case_a), {"applied_on": "2024-02-01"}, format="json"
    )
    assert_chinese_error(response, "applied_on")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"step": 99, "done_on": "2024-03-15"}, "step"),
        ({"step": 2, "done_on": "not a date"}, "done_on"),
        ({"step": 2, "done_on": "2024-02-01"}, "talked_on"),  # before the application
        ({"step": 11, "done_on": "2024-09-01", "training_hours": 100_000}, "training_hours"),
        ({"step": 23, "done_on": "2024-09-01", "extension_months": 0}, "extension_months"),
        ({"step": 2, "done_on": "2024-03-15", "note": "长" * 501}, "note"),
        ({"step": 2, "done_on": "2024-03-15", "training_hours": 3}, "training_hours"),
        ({"step": 9, "done_on": "2024-03-15"}, "introducer_first"),
    ],
)
def test_bad_steps_are_a_chinese_400(dev, client_as, body, field):
    response = client_as("town_a_admin").post(detail(dev.case_a) + "steps/", body, format="json")
    assert_chinese_error(response, field)


def test_an_introducer_outside_the_scope_reads_as_unknown(dev, world, client_as):
    body = {
        "step": 9,
        "done_on": "2024-03-15",
        "introducer_first": str(world.member_a.public_id),
        "introducer_second": str(world.member_b.public_id),
    }
    response = client_as("secretary").post(detail(dev.case_a) + "steps/", body, format="json")
    found = assert_chinese_error(response, "introducer_second")
    assert "不在您的数据范围内" in found[0]


# --- the workflow through the API ---------------------------------------------------------


def test_approval_admits_and_violations_are_listed(dev, world, client_as):
    case = dev.case_a
    case.target_on, case.branch_meeting_on = datetime.date(2025, 3, 1), datetime.date(2025, 4, 1)
    case.save()
    client = client_as("town_a_admin")
    before = Member.objects.count()
    response = client.post(
        detail(case) + "steps/", {"step": 17, "done_on": "2025-08-01"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Member.objects.count() == before + 1
    row = client.get(detail(case)).json()
    member = Member.objects.get(public_id=row["member"])
    assert (member.status, member.joined_on) == ("probationary", datetime.date(2025, 4, 1))
    rules = {v["rule"] for v in client.get(detail(case) + "violations/").json()}
    # no activist stage, no introducers, no training, no notice, approval after 4 months
    assert rules == {
        "dev.activist_months",
        "dev.introducers",
        "dev.training_days",
        "dev.public_notice_workdays",
        "dev.approval_months",
    }
    steps = client.get(detail(case) + "steps/").json()
    assert [s["step"] for s in steps] == [1, 17] and steps[1]["actor"] == "town_a"


def test_reminders_are_scoped(dev, client_as):
    for persona, expected in [("town_a_admin", {"赵申请"}), ("town_b_admin", {"钱申请"})]:
        body = client_as(persona).get("/api/v1/development/reminders/").json()
        talk = next(r for r in body["reminders"] if r["key"] == "talk_overdue")
        assert {row["name"] for row in talk["results"]} == expected
        assert talk["count"] == 1 and talk["results"][0]["due_on"] == "2024-03-31"
    empty = client_as("instructor").get("/api/v1/development/reminders/").json()
    assert all(r["count"] == 0 for r in empty["reminders"])


def test_reminders_of_one_kind_and_an_unknown_kind(dev, client_as):
    client = client_as("district_admin")
    body = client.get("/api/v1/development/reminders/", {"kind": "talk_overdue"}).json()
    assert [r["key"] for r in body["reminders"]] == ["talk_overdue"]
    response = client.get("/api/v1/development/reminders/", {"kind": "nope"})
    assert_chinese_error(response, "kind")


def test_priorities_by_region_inside_and_outside_the_scope(dev, world, client_as):
    f.MemberFactory(
        organization=world.org_a,
        post_level="front_line",
        status="probationary",
        joined_on=datetime.date(2026, 3, 1),
        full_member_on=None,
    )
    client = client_as("town_a_admin")
    body = client.get("/api/v1/development/priorities/", {"year": 2026}).json()
    assert body["total"] == 1 and body["indicators"]["front_line"]["rate"] == 100.0
    outside = client.get("/api/v1/development/priorities/", {"region": world.town_b.code})
    assert outside.status_code == 404
    assert_chinese_error(client.get("/api/v1/development/priorities/", {"year": "12x"}), "year")


def test_list_query_count_does_not_grow(dev, world, client_as):
    client = client_as("district_admin")

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(BASE)
        return len(captured), len(response.json()["results"])

    count()
    few, few_rows = count()
    introducers = {"introducer_first": world.member_a, "introducer_second": dev.introducer_a}
    for i in range(26):
        make_case(world.org_a, name=f"申请人{i}", employer=world.ent_a, **introducers)
    many, many_rows = count()
    assert (few_rows, many_rows) == (2, 25) and many == few


def test_the_schema_lists_the_endpoints(dev, client_as):
    schema = client_as("district_admin").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/development-cases/",
        "/api/v1/development-cases/{public_id}/",
        "/api/v1/development-cases/{public_id}/violations/",
        "/api/v1/development-cases/{public_id}/steps/",
        "/api/v1/development/reminders/",
        "/api/v1/development/priorities/",
    ]:
        assert path in paths

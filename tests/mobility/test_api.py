"""The mobility endpoints against every persona: scope 404, capability 403, Chinese 400s."""

import datetime

import pytest
from django.utils import timezone

from liangxin.members.models import Member
from liangxin.mobility.models import ContactLog, InflowPerson, Transfer
from tests import factories as f
from tests.clients import assert_chinese_error
from tests.conftest import PERSONAS
from tests.mobility.conftest import contact, floating, letter

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
API = "/api/v1/"
# Who sees a record about member_a (town A) — the member's own scope.
SEES_A = {"district_admin", "town_a_admin", "secretary", "leader"}
EDITORS = {"district_admin", "town_a_admin", "town_b_admin", "secretary", "outsider"}


def listed(client, path) -> list:
    response = client.get(API + path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize(
    "path",
    [
        "contacts/",
        "dual-agreements/",
        "inflow-registrations/",
        "inflow-persons/",
        "transfers/",
        "mobility/overdue-contacts/",
        "mobility/should-transfer/",
        "mobility/departed/",
        "mobility/inflow-without-agreement/",
    ],
)
def test_every_list_answers_each_persona(client_as, world, path):
    for persona in PERSONAS:
        assert client_as(persona).get(API + path).status_code == 200
    assert client_as("system_admin").get(API + path).status_code == 403  # 三员分立


def test_anonymous_gets_401(client):
    assert client.get(API + "transfers/").status_code == 401


def test_contacts_are_scoped(client_as, world):
    contact(world.member_a, TODAY)
    for persona in PERSONAS:
        rows = listed(client_as(persona), "contacts/")
        assert bool(rows) == (persona in SEES_A), persona


def test_overdue_list_is_scoped(client_as, world):
    floating(world.org_a, name="甲流动")
    for persona in PERSONAS:
        names = [row["name"] for row in listed(client_as(persona), "mobility/overdue-contacts/")]
        assert names == (["甲流动"] if persona in SEES_A else []), persona


def test_contact_create_by_persona(client_as, world):
    body = {
        "member": str(world.member_a.public_id),
        "contacted_on": "2025-01-02",
        "method": "visit",
    }
    expected = {
        "district_admin": 201,
        "town_a_admin": 201,
        "secretary": 201,
        "town_b_admin": 400,  # the member key reads as unknown outside the scope
        "outsider": 400,
        "instructor": 403,
        "leader": 403,
    }
    answers = {}
    for persona in PERSONAS:
        ContactLog.objects.all().delete()
        answers[persona] = (
            client_as(persona).post(API + "contacts/", body, format="json").status_code
        )
    assert answers == expected


def test_contact_errors_are_chinese(client_as, world):
    client = client_as("town_a_admin")
    contact(world.member_a, TODAY)
    duplicate = {"member": str(world.member_a.public_id), "contacted_on": TODAY.isoformat()}
    assert_chinese_error(client.post(API + "contacts/", duplicate, format="json"), "contacted_on")
    oversized = {
        "member": str(world.member_a.public_id),
        "contacted_on": "2025-01-01",
        "note": "长" * 1001,
    }
    assert_chinese_error(client.post(API + "contacts/", oversized, format="json"), "note")
    malformed = {"member": "not-a-uuid", "contacted_on": "2025-02-30", "method": "fax"}
    response = client.post(API + "contacts/", malformed, format="json")
    assert response.status_code == 400 and {"member", "contacted_on", "method"} <= set(
        response.json()
    )
    broken = client.post(API + "contacts/", "{not json", content_type="application/json")
    assert_chinese_error(broken)


def test_no_update_or_delete(client_as, world):
    saved = contact(world.member_a, TODAY)
    client = client_as("town_a_admin")
    assert (
        client.patch(API + f"contacts/{saved.pk}/", {"note": "x"}, format="json").status_code == 405
    )
    assert client.delete(API + f"contacts/{saved.pk}/").status_code == 405


def test_registration_merges_through_the_api(client_as, world):
    client = client_as("town_a_admin")
    number = f.id_number()
    for source in ("police", "employer", "village"):
        body = {
            "id_number": number,
            "name": "张流入",
            "source": source,
            "registered_on": "2025-03-01",
            "region": world.grid_a.code,
        }
        response = client.post(API + "inflow-registrations/", body, format="json")
        assert response.status_code == 201, response.content
        assert "id_number" not in response.json() and number not in response.content.decode()
    assert InflowPerson.objects.count() == 1
    persons = listed(client, "inflow-persons/")
    assert len(persons) == 1 and persons[0]["registration_count"] == 3
    assert listed(client_as("town_b_admin"), "inflow-persons/") == []


def test_registration_with_a_bad_id_number(client_as, world):
    body = {
        "id_number": "123",
        "name": "张",
        "source": "police",
        "registered_on": "2025-03-01",
        "region": world.grid_a.code,
    }
    assert_chinese_error(
        client_as("town_a_admin").post(API + "inflow-registrations/", body, format="json"),
        "id_number",
    )


def test_transfer_issue_and_receive_between_towns(client_as, world):
    body = {
        "member": str(world.member_a.public_id),
        "letter_number": "A-1",
        "issued_on": TODAY.isoformat(),
        "reason": "floating",
        "to_organization": world.org_b.code,
    }
    response = client_as("town_a_admin").post(API + "transfers/", body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["state"], created["state_label"], created["direction"]) == (
        "issued",
        "开具",
        "out",
    )
    url = API + f"transfers/{created['public_id']}/receive/"
    assert (
        client_as("outsider")
        .post(url, {"received_on": TODAY.isoformat()}, format="json")
        .status_code
        == 404
    )
    assert (
        client_as("town_a_admin")
        .post(url, {"received_on": TODAY.isoformat()}, format="json")
        .status_code
        == 403
    )
    assert (
        client_as("leader").post(url, {"received_on": TODAY.isoformat()}, format="json").status_code
        == 403
    )
    assert_chinese_error(
        client_as("town_b_admin").post(url, {"received_on": "昨天"}, format="json"), "received_on"
    )
    done = client_as("town_b_admin").post(url, {"received_on": TODAY.isoformat()}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "received"
    assert Member.objects.get(pk=world.member_a.pk).organization == world.org_b
    again = client_as("town_b_admin").post(url, {"received_on": TODAY.isoformat()}, format="json")
    assert_chinese_error(again, "received_on")


def test_transfer_return_through_the_api(client_as, world):
    transfer = letter(world.member_a, issued_on=TODAY, to=world.org_b)
    url = API + f"transfers/{transfer.public_id}/return/"
    assert_chinese_error(
        client_as("town_b_admin").post(url, {"returned_on": TODAY.isoformat()}, format="json"),
        "note",
    )
    response = client_as("town_b_admin").post(
        url, {"returned_on": TODAY.isoformat(), "note": "信息有误"}, format="json"
    )
    assert response.status_code == 200 and response.json()["state_label"] == "退回"


def test_transfer_list_shows_expired(client_as, world):
    letter(world.member_a, issued_on=datetime.date(2020, 1, 1), to=world.org_b)
    rows = listed(client_as("town_b_admin"), "transfers/?state=expired")
    assert [row["state"] for row in rows] == ["expired"]
    assert listed(client_as("town_b_admin"), "transfers/?state=open") == []


def test_transfer_detail_out_of_scope_is_404(client_as, world):
    transfer = letter(world.member_a, issued_on=TODAY, to=world.org_b)
    assert client_as("outsider").get(API + f"transfers/{transfer.public_id}/").status_code == 404
    assert (
        client_as("town_b_admin").get(API + f"transfers/{transfer.public_id}/").status_code == 200
    )


def test_transfer_create_duplicate_letter_number(client_as, world):
    letter(world.member_b, issued_on=TODAY, to=world.org_a)
    taken = Transfer.objects.get().letter_number
    body = {
        "member": str(world.member_a.public_id),
        "letter_number": taken,
        "issued_on": TODAY.isoformat(),
        "to_organization_name": "外地",
    }
    assert_chinese_error(
        client_as("town_a_admin").post(API + "transfers/", body, format="json"), "letter_number"
    )


def test_agreement_api_create_and_transferred_in(client_as, world):
    member = f.MemberFactory(organization=world.org_a, flow_type="inflow")
    client = client_as("town_a_admin")
    assert [row["public_id"] for row in listed(client, "mobility/inflow-without-agreement/")] == [
        str(member.public_id)
    ]
    body = {
        "member": str(member.public_id),
        "number": "双管1",
        "signed_on": TODAY.isoformat(),
        "home_organization_name": "某村党支部",
    }
    created = client.post(API + "dual-agreements/", body, format="json")
    assert created.status_code == 201, created.content
    url = API + f"dual-agreements/{created.json()['id']}/transferred-in/"
    assert (
        client_as("town_b_admin")
        .post(url, {"transferred_in_on": TODAY.isoformat()}, format="json")
        .status_code
        == 404
    )
    done = client.post(url, {"transferred_in_on": TODAY.isoformat()}, format="json")
    assert done.status_code == 200 and done.json()["transferred_in_on"] == TODAY.isoformat()


def test_receipt_is_in_the_audit_log_with_the_acting_user(client_as, world):
    from auditlog.models import LogEntry

    transfer = letter(world.member_a, issued_on=TODAY, to=world.org_b)
    url = API + f"transfers/{transfer.public_id}/receive/"
    client_as("town_b_admin").post(url, {"received_on": TODAY.isoformat()}, format="json")
    moved = LogEntry.objects.get_for_object(Member.objects.get(pk=world.member_a.pk)).latest("id")
    assert moved.actor == world.user("town_b_admin")
    assert moved.additional_data["channel"] == "api"
    assert "organization" in moved.changes_dict
    received = LogEntry.objects.get_for_object(Transfer.objects.get()).latest("id")
    assert received.actor == world.user("town_b_admin") and "state" in received.changes_dict

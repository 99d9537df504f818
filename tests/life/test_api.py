"""/api/v1/meetings/: scoped reads, writes through the services (counts from the sheet)."""

import datetime

import pytest

from liangxin.core import data_version
from liangxin.life import services
from liangxin.life.models import Attendance, Meeting, MeetingKind, Presence
from liangxin.life.services import SheetLine
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/"
DAY = datetime.date(2026, 3, 15)


def record(world, organization, *, kind=MeetingKind.THEME_DAY, topic="学习党章", day=DAY):
    members = list(organization.members.all())
    return services.meeting_record(
        actor=world.user("district_admin"),
        organization=organization,
        data={"kind": kind, "held_on": day, "topic": topic},
        sheet=[SheetLine(member, Presence.PRESENT) for member in members],
    )


def test_the_list_is_scoped_and_filtered(world, client_as):
    mine = record(world, world.org_a)
    record(world, world.org_a, kind=MeetingKind.COMMITTEE, day=datetime.date(2025, 6, 1))
    theirs = record(world, world.org_b)

    rows = client_as("town_b_admin").get(URL).json()["results"]
    assert [row["id"] for row in rows] == [theirs.pk]
    assert client_as("town_b_admin").get(f"{URL}{mine.pk}/").status_code == 404

    district = client_as("district_admin")
    assert district.get(URL).json()["count"] == 3
    by_org = district.get(URL, {"organization": "ORG-A", "kind": "theme_day", "year": 2026})
    assert [row["id"] for row in by_org.json()["results"]] == [mine.pk]


def test_the_detail_has_counts_sheet_and_decisions(world, client_as):
    meeting = record(world, world.org_a)
    body = client_as("secretary").get(f"{URL}{meeting.pk}/").json()
    assert body["organization"] == "ORG-A"
    assert (body["expected_count"], body["present_count"], body["absent_count"]) == (1, 1, 0)
    assert body["attendance"] == [
        {
            "member": str(world.member_a.public_id),
            "member_name": "林晓红",
            "presence": "present",
            "reason": "",
            "can_vote": False,
        }
    ]
    assert body["decisions"] == []


def test_create_takes_the_sheet_and_computes_the_counts(world, client_as):
    others = [f.MemberFactory(organization=world.org_a, name=f"党员{i}") for i in range(3)]
    response = client_as("secretary").post(
        URL,
        {
            "organization": "ORG-A",
            "kind": "general_assembly",
            "held_on": "2026-03-20",
            "topic": "第一季度党员大会",
            "attendance": [
                {"member": str(world.member_a.public_id), "presence": "present"},
                {"member": str(others[0].public_id), "presence": "present"},
                {"member": str(others[1].public_id), "presence": "present"},
                {"member": str(others[2].public_id), "presence": "excused", "reason": "出差"},
            ],
            "decisions": [{"text": "同意接收预备党员", "votes_for": 3}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["expected_count"], body["present_count"], body["excused_count"]) == (4, 3, 1)
    assert body["quorate"] is True
    assert body["decisions"][0]["passed"] is True  # 3 of 4 voters: more than half
    meeting = Meeting.objects.get(pk=body["id"])
    assert meeting.created_by == world.user("secretary")
    assert Attendance.objects.filter(meeting=meeting).count() == 4


def test_update_replaces_the_sheet_only_when_given(world, client_as):
    meeting = record(world, world.org_a)
    client = client_as("secretary")
    response = client.patch(f"{URL}{meeting.pk}/", {"place": "车间"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["place"], response.json()["present_count"]) == ("车间", 1)
    sheet = [{"member": str(world.member_a.public_id), "presence": "excused", "reason": "病假"}]
    response = client.patch(f"{URL}{meeting.pk}/", {"attendance": sheet}, format="json")
    assert (response.json()["present_count"], response.json()["excused_count"]) == (0, 1)


def test_the_services_rules_answer_in_chinese(world, client_as):
    client = client_as("secretary")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    base = {"organization": "ORG-A", "kind": "theme_day", "topic": "主题党日"}
    response = client.post(URL, base | {"held_on": tomorrow.isoformat()}, format="json")
    assert response.status_code == 400
    assert response.json()["held_on"] == ["已召开的会议，日期不能晚于今天"]
    excused = {"member": str(world.member_a.public_id), "presence": "excused"}
    response = client.post(
        URL, base | {"held_on": "2026-03-01", "attendance": [excused]}, format="json"
    )
    assert response.status_code == 400
    assert "林晓红请假须填写事由" in str(response.json())
    assert not Meeting.objects.exists()


def test_references_outside_the_scope_read_as_unknown(world, client_as):
    client = client_as("secretary")
    body = {"kind": "theme_day", "held_on": "2026-03-01", "topic": "主题党日"}
    response = client.post(URL, body | {"organization": "ORG-B"}, format="json")
    assert response.status_code == 400
    assert response.json()["organization"] == ["党组织编码“ORG-B”不存在或不在您的数据范围内"]
    stranger = {"member": str(world.member_b.public_id), "presence": "present"}
    response = client.post(
        URL, body | {"organization": "ORG-A", "attendance": [stranger]}, format="json"
    )
    assert response.status_code == 400
    assert "不存在或不在您的数据范围内" in str(response.json()["attendance"])
    assert not Meeting.objects.exists()


def test_unknown_fields_are_refused_in_chinese(world, client_as):
    meeting = record(world, world.org_a)
    client = client_as("secretary")
    response = client.patch(f"{URL}{meeting.pk}/", {"present_count": 9, "colour": 1}, format="json")
    assert response.status_code == 400
    message = response.json()["non_field_errors"][0]
    assert message.startswith("不支持的字段：colour")
    line = {"member": str(world.member_a.public_id), "presence": "present", "seat": 3}
    response = client.patch(f"{URL}{meeting.pk}/", {"attendance": [line]}, format="json")
    assert response.status_code == 400
    assert "不支持的字段：seat" in str(response.json())


def test_read_only_roles_and_other_towns_cannot_write(world, client_as):
    meeting = record(world, world.org_a)
    body = {"organization": "ORG-A", "kind": "theme_day", "held_on": "2026-03-01", "topic": "x"}
    assert client_as("leader").post(URL, body, format="json").status_code == 403
    patch = client_as("town_b_admin").patch(f"{URL}{meeting.pk}/", {"place": "x"}, format="json")
    assert patch.status_code == 404
    assert client_as("secretary").delete(f"{URL}{meeting.pk}/").status_code == 405


@pytest.mark.django_db(transaction=True)  # PostgreSQL bumps the version at commit
def test_a_write_changes_the_data_version_so_cached_lists_are_not_served(world, client_as):
    """The lists (pages and API) are cached under the data version (core.page_cache)."""
    before = data_version.current()
    body = {"organization": "ORG-A", "kind": "theme_day", "held_on": "2026-03-01", "topic": "x"}
    assert client_as("secretary").post(URL, body, format="json").status_code == 201
    assert data_version.current() != before

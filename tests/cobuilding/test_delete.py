"""Deleting co-building records (a record entered by mistake): pairings, alliances,
workshops, alliance members, 联席会议 and outcomes. GET only asks; POST deletes through the
service, audited (django-auditlog keeps a DELETE entry); out of scope is 404, a role that
only reads is 403.

The choice: a pairing, alliance or workshop with results (outcomes, 联席会议, workshop
figures) refuses, in Chinese, naming how many — they are counted in the roll-up and the
reports, so they are deleted one by one or the record is marked 不存续 instead. An
alliance's members and chair terms go with it; a meeting's issues go with the meeting; a
member who chaired is kept (退出 instead)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from liangxin.cobuilding import services
from liangxin.cobuilding.models import (
    Alliance,
    AllianceMember,
    ChairTerm,
    JointMeeting,
    MeetingIssue,
    Outcome,
    Pairing,
    Workshop,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 6, 1)


def deleted_in_log(model, pk) -> bool:
    kind = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(
        content_type=kind, object_pk=str(pk), action=LogEntry.Action.DELETE
    ).exists()


def test_a_pairing_with_outcomes_refuses_until_they_are_deleted(login, records):
    p1 = records.p1
    outcome = records.outcome(p1, 2024, "岗位", "12")
    client = login("town_a_admin")
    url = reverse("cobuilding:pairing-delete", args=[p1.pk])
    asked = client.get(url)
    assert asked.status_code == 200 and "确定删除" in asked.content.decode()
    assert "联建成效 1 条" in asked.content.decode()
    assert Pairing.objects.filter(pk=p1.pk).exists()  # GET changes nothing
    refused = client.post(url)
    assert refused.status_code == 200
    assert "已有联建成效 1 条，不能删除" in refused.content.decode()
    assert Pairing.objects.filter(pk=p1.pk).exists()
    assert Outcome.objects.filter(pk=outcome.pk).exists()
    # Out of scope: 404 for town B; the leader reads only: 403.
    assert login("town_b_admin").post(url).status_code == 404
    assert login("leader").post(url).status_code == 403
    out = reverse("cobuilding:outcome-delete", args=[outcome.pk])
    assert login("town_b_admin").post(out).status_code == 404
    assert client.post(out).status_code == 302
    assert not Outcome.objects.filter(pk=outcome.pk).exists()
    assert deleted_in_log(Outcome, outcome.pk)
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("cobuilding:pairings")
    assert not Pairing.objects.filter(pk=p1.pk).exists()
    assert deleted_in_log(Pairing, p1.pk)
    assert client.post(url).status_code == 404


def test_an_alliance_goes_with_its_members_and_chairs_but_not_with_meetings(login, records, world):
    a1 = records.a1
    actor = world.user("town_a_admin")
    chair = services.member_add(
        actor=actor, alliance=a1, organization=world.org_a, role="rotating", joined_on=DAY
    )
    services.chair_term_add(
        actor=actor, alliance=a1, chair=chair, starts_on=DAY, ends_on=datetime.date(2024, 12, 31)
    )
    meeting = services.meeting_record(
        actor=actor, alliance=a1, held_on=DAY, topic="季度联席会议", issues=["用工难"]
    )
    client = login("town_a_admin")
    url = reverse("cobuilding:alliance-delete", args=[a1.pk])
    assert "已有联席会议 1 条，不能删除" in client.post(url).content.decode()
    assert login("town_b_admin").post(url).status_code == 404
    # The meeting goes with its issues (the page says so first).
    meeting_url = reverse("cobuilding:meeting-delete", args=[meeting.pk])
    assert login("town_b_admin").post(meeting_url).status_code == 404
    assert "问题：用工难" in client.get(meeting_url).content.decode()
    assert client.post(meeting_url).status_code == 302
    assert not MeetingIssue.objects.filter(meeting_id=meeting.pk).exists()
    assert deleted_in_log(JointMeeting, meeting.pk)
    asked = client.get(url).content.decode()
    assert "联盟成员 1 家" in asked and "轮值主席任期 1 个" in asked
    assert client.post(url).status_code == 302
    assert not Alliance.objects.filter(pk=a1.pk).exists()
    assert not AllianceMember.objects.filter(pk=chair.pk).exists()
    assert not ChairTerm.objects.filter(alliance_id=a1.pk).exists()
    assert deleted_in_log(Alliance, a1.pk) and deleted_in_log(AllianceMember, chair.pk)


def test_a_member_who_chaired_is_kept_others_can_be_deleted(login, records, world):
    a1, actor = records.a1, world.user("town_a_admin")
    chair = services.member_add(
        actor=actor, alliance=a1, organization=world.org_a, role="rotating", joined_on=DAY
    )
    plain = services.member_add(
        actor=actor, alliance=a1, enterprise=world.ent_a2, role="member", joined_on=DAY
    )
    services.chair_term_add(
        actor=actor, alliance=a1, chair=chair, starts_on=DAY, ends_on=datetime.date(2024, 12, 31)
    )
    client = login("town_a_admin")
    refused = client.post(reverse("cobuilding:member-delete", args=[chair.pk]))
    assert "担任过轮值主席（1 个任期），不能删除" in refused.content.decode()
    assert AllianceMember.objects.filter(pk=chair.pk).exists()
    url = reverse("cobuilding:member-delete", args=[plain.pk])
    assert login("town_b_admin").post(url).status_code == 404
    assert login("secretary").post(url).status_code == 403  # members are kept by the towns
    response = client.post(url)
    assert response.url == reverse("cobuilding:alliance", args=[a1.pk])
    assert not AllianceMember.objects.filter(pk=plain.pk).exists()


def test_a_workshop_with_figures_refuses_without_them_goes(login, records):
    w1, w1b = records.w1, records.w1b
    records.figure(w1, 2024, 0, 10, 8, 2, "500", "10000", "2000")
    client = login("town_a_admin")
    refused = client.post(reverse("cobuilding:workshop-delete", args=[w1.pk]))
    assert "已有工坊数据 1 条，不能删除" in refused.content.decode()
    assert Workshop.objects.filter(pk=w1.pk).exists()
    url = reverse("cobuilding:workshop-delete", args=[w1b.pk])
    assert login("town_b_admin").post(url).status_code == 404
    assert client.post(url).status_code == 302
    assert not Workshop.objects.filter(pk=w1b.pk).exists()
    assert deleted_in_log(Workshop, w1b.pk)


def test_delete_links_and_meeting_edit(login, records, world):
    a1 = records.a1
    meeting = services.meeting_record(
        actor=world.user("town_a_admin"), alliance=a1, held_on=DAY, topic="季度联席会议"
    )
    client = login("town_a_admin")
    page = client.get(reverse("cobuilding:alliance", args=[a1.pk])).content.decode()
    assert reverse("cobuilding:alliance-delete", args=[a1.pk]) in page
    assert reverse("cobuilding:meeting-edit", args=[meeting.pk]) in page
    assert reverse("cobuilding:meeting-delete", args=[meeting.pk]) in page
    leader_page = login("leader").get(reverse("cobuilding:alliance", args=[a1.pk]))
    assert reverse("cobuilding:alliance-delete", args=[a1.pk]) not in leader_page.content.decode()
    edit = reverse("cobuilding:meeting-edit", args=[meeting.pk])
    form = {"held_on": "2024-06-02", "topic": "二季度联席会议", "participants": "6"}
    assert login("town_b_admin").post(edit, form).status_code == 404
    assert client.post(edit, form).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.participants) == ("二季度联席会议", 6)
    future = {**form, "held_on": "2999-01-01"}
    assert "is-invalid" in client.post(edit, future).content.decode()
    meeting.refresh_from_db()
    assert meeting.held_on == datetime.date(2024, 6, 2)

"""Correcting a 三联 link or a 三会 record (issue 18 left them create-only): the same form,
the same refusals, scoped (another town's record is a 404), audited, nothing lost on bad
input."""

import pytest
from auditlog.models import LogEntry

from liangxin.liaisons.models import LiaisonLink, LiaisonMeeting
from tests.liaisons.test_pages import meeting_data, yesterday

pytestmark = pytest.mark.django_db


def link_data(world, **changes):
    return {
        "organization": world.org_a.code,
        "kind": "secretary_management",
        "member": str(world.member_a.public_id),
        "counterpart_name": "王总",
        "counterpart_post": "总经理",
        "started_on": yesterday(),
        **changes,
    }


@pytest.fixture
def meeting(world, login):
    assert (
        login("secretary").post("/liaisons/meetings/new/", meeting_data(world)).status_code == 302
    )
    return LiaisonMeeting.objects.get()


@pytest.fixture
def link(world, login):
    assert login("secretary").post("/liaisons/links/new/", link_data(world)).status_code == 302
    return LiaisonLink.objects.get()


def test_a_meeting_is_corrected_from_its_list(world, login, meeting):
    client = login("town_a_admin")
    page = client.get("/liaisons/meetings/").content.decode()
    assert f'href="/liaisons/meetings/{meeting.pk}/"' in page
    form = client.get(f"/liaisons/meetings/{meeting.pk}/").context["form"]
    assert form.initial["participants"] == 12
    response = client.post(
        f"/liaisons/meetings/{meeting.pk}/", meeting_data(world, participants="15")
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.participants == 15
    assert LogEntry.objects.get_for_object(meeting).filter(changes__icontains="15").exists()


def test_a_bad_correction_changes_nothing(world, login, meeting):
    client = login("town_a_admin")
    for changes in ({"participants": "0"}, {"topics": "议" * 2001}, {"organization": "ORG-B"}):
        response = client.post(f"/liaisons/meetings/{meeting.pk}/", meeting_data(world, **changes))
        assert response.status_code == 200
        assert response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.participants == 12


def test_another_towns_record_does_not_exist_for_it(world, login, meeting, link):
    for persona in ("town_b_admin", "outsider"):
        client = login(persona)
        assert client.get(f"/liaisons/meetings/{meeting.pk}/").status_code == 404
        response = client.post(
            f"/liaisons/meetings/{meeting.pk}/", meeting_data(world, participants="99")
        )
        assert response.status_code == 404
        assert client.get(f"/liaisons/links/{link.pk}/").status_code == 404
    meeting.refresh_from_db()
    assert meeting.participants == 12


def test_a_link_is_corrected_and_keeps_its_member_rule(world, login, link):
    client = login("district_admin")
    response = client.post(
        f"/liaisons/links/{link.pk}/", link_data(world, member=str(world.member_b.public_id))
    )
    assert "该党员不属于所选党组织" in response.content.decode()
    response = client.post(
        f"/liaisons/links/{link.pk}/", link_data(world, counterpart_post="董事长")
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.member, link.counterpart_post) == (world.member_a, "董事长")


def test_a_leader_reads_the_list_but_gets_no_edit_link(world, login, meeting):
    """Leaders read only (liaisons.permissions)."""
    client = login("leader")
    page = client.get("/liaisons/meetings/").content.decode()
    assert "技改项目职工培训" in page
    assert f'href="/liaisons/meetings/{meeting.pk}/"' not in page
    assert client.get(f"/liaisons/meetings/{meeting.pk}/").status_code == 403


def test_a_meeting_entered_by_mistake_is_deleted_after_the_question(world, login, meeting):
    client = login("town_a_admin")
    edit = client.get(f"/liaisons/meetings/{meeting.pk}/").content.decode()
    assert f'href="/liaisons/meetings/{meeting.pk}/delete/"' in edit
    question = client.get(f"/liaisons/meetings/{meeting.pk}/delete/").content.decode()
    assert "确定删除" in question and LiaisonMeeting.objects.exists()  # GET changes nothing
    response = client.post(f"/liaisons/meetings/{meeting.pk}/delete/")
    assert response.status_code == 302 and response.url == "/liaisons/meetings/"
    assert not LiaisonMeeting.objects.exists()
    deleted = LogEntry.objects.filter(
        object_pk=str(meeting.pk), action=LogEntry.Action.DELETE, actor=world.user("town_a_admin")
    )
    assert deleted.exists()


def test_a_link_is_deleted_only_in_scope_and_by_those_who_record(world, login, link):
    for persona in ("town_b_admin", "outsider"):
        assert login(persona).post(f"/liaisons/links/{link.pk}/delete/").status_code == 404
    assert login("leader").post(f"/liaisons/links/{link.pk}/delete/").status_code == 403
    assert LiaisonLink.objects.filter(pk=link.pk).exists()
    assert login("secretary").post(f"/liaisons/links/{link.pk}/delete/").status_code == 302
    assert not LiaisonLink.objects.filter(pk=link.pk).exists()

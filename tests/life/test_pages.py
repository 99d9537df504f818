"""The organization-life pages: meetings recorded with their sign-in sheet and votes, the
compliance of a region with the organizations behind (and its export), the members absent
six months; each within the user's scope only."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.life import services
from liangxin.life.models import Attendance, Meeting, MeetingKind, Presence
from liangxin.life.services import SheetLine, Vote
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Attached files are written encrypted under MEDIA_ROOT: keep them out of the tree."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(world):
    return services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={
            "kind": MeetingKind.THEME_DAY,
            "held_on": TODAY,
            "topic": "学习党章",
        },
        sheet=[SheetLine(world.member_a, Presence.PRESENT)],
        uploads=[SimpleUploadedFile("会议记录.txt", "到会一人".encode())],
    )


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def post_meeting(client, world, **fields):
    data = {
        "organization": world.org_a.code,
        "kind": MeetingKind.THEME_DAY,
        "held_on": TODAY.isoformat(),
        "topic": "重温入党誓词",
        "place": "党员活动室",
        "host": "林晓红",
        **fields,
    }
    return client.post(reverse("life:meeting-create"), data)


# --- pages and scope ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["secretary", "town_a_admin", "district_admin"])
def test_every_page_opens_within_scope(login, world, meeting, persona):
    client = login(persona)
    assert "学习党章" in page(client, reverse("life:meetings"))
    detail = page(client, reverse("life:meeting-detail", args=[meeting.pk]))
    assert "会议记录.txt" in detail and "林晓红" in detail
    assert "林晓红" in page(client, reverse("life:meeting-edit", args=[meeting.pk]))
    assert "签到表" in page(client, reverse("life:meeting-create") + "?organization=ORG-A")
    assert "落实情况" in page(client, reverse("life:compliance"))
    page(client, reverse("life:absent"))
    page(client, reverse("life:absent") + "?tab=corrections")
    assert client.get(reverse("life:compliance-export")).status_code == 200
    file = meeting.files.get()
    download = client.get(reverse("life:meeting-file", args=[meeting.pk, file.pk]))
    assert download.content == "到会一人".encode()


@pytest.mark.parametrize("persona", ["town_b_admin", "outsider"])
def test_another_towns_meeting_does_not_exist_for_them(login, world, meeting, persona):
    client = login(persona)
    file = meeting.files.get()
    for url in [
        reverse("life:meeting-detail", args=[meeting.pk]),
        reverse("life:meeting-edit", args=[meeting.pk]),
        reverse("life:meeting-file", args=[meeting.pk, file.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert "学习党章" not in page(client, reverse("life:meetings"))
    assert world.org_a.name not in page(client, f"/life/compliance/?year={LAST_YEAR}")
    assert client.get("/life/compliance/?region=350599100000").status_code == 404


def test_outsider_sees_nothing_and_cannot_record_for_org_a(login, world, meeting):
    client = login("outsider")
    assert "暂无记录" in page(client, reverse("life:meetings"))
    assert post_meeting(client, world).status_code == 200  # the code is not found
    assert Meeting.objects.count() == 1


def test_roles_without_editing_see_but_do_not_record(login, world, meeting):
    client = login("leader")
    assert "学习党章" in page(client, reverse("life:meetings"))
    assert client.get(reverse("life:meeting-create")).status_code == 403
    assert login("audit_admin").get(reverse("life:meetings")).status_code == 403


# --- recording a meeting --------------------------------------------------------------


def test_secretary_records_a_theme_day_with_attendance(login, world):
    second = f.MemberFactory(name="张伟", organization=world.org_a)
    third = f.MemberFactory(name="王芳", organization=world.org_a)
    response = post_meeting(
        login("secretary"),
        world,
        **{
            f"presence-{world.member_a.pk}": "present",
            f"presence-{second.pk}": "excused",
            f"reason-{second.pk}": "出差",
            f"presence-{third.pk}": "absent",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("life:meeting-detail", args=[meeting.pk])
    rows = {row.member.name: (row.presence, row.reason) for row in Attendance.objects.all()}
    assert rows == {"林晓红": ("present", ""), "张伟": ("excused", "出差"), "王芳": ("absent", "")}
    assert (meeting.expected_count, meeting.present_count, meeting.topic) == (3, 1, "重温入党誓词")


def test_an_excused_member_without_reason_is_refused_and_nothing_typed_is_lost(login, world):
    response = post_meeting(
        login("secretary"),
        world,
        topic="学习二十大精神",
        **{f"presence-{world.member_a.pk}": "excused", f"reason-{world.member_a.pk}": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "林晓红请假须填写事由" in html
    assert 'value="学习二十大精神"' in html
    assert 'value="excused" autocomplete="off" checked' in html
    assert not Meeting.objects.exists()


def test_a_decision_below_quorum_is_shown_as_not_passed(login, world):
    others = [f.MemberFactory(organization=world.org_a) for _ in range(2)]
    response = post_meeting(
        login("secretary"),
        world,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        topic="讨论发展党员",
        decision_rows="3",
        **{
            f"presence-{world.member_a.pk}": "present",
            **{f"presence-{member.pk}": "absent" for member in others},
            "decision-0-text": "接收张伟为预备党员",
            "decision-0-for": "1",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.quorate is False
    html = page(login("secretary"), response.url)
    assert "未达到法定人数" in html
    assert "接收张伟为预备党员" in html and "未通过" in html
    assert "会议未达到法定人数，不能作出决定" in html
    assert "应到会有表决权 3 人，实到 1 人" in html


def test_a_committee_meeting_counts_only_the_ticked_members(login, world):
    f.MemberFactory(name="张伟", organization=world.org_a)
    response = post_meeting(
        login("secretary"),
        world,
        kind=MeetingKind.COMMITTEE,
        **{f"committee-{world.member_a.pk}": "1", f"presence-{world.member_a.pk}": "present"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.expected_count, meeting.quorate) == (1, True)


def test_a_committee_meeting_without_committee_members_is_refused(login, world):
    response = post_meeting(
        login("secretary"),
        world,
        kind=MeetingKind.COMMITTEE,
        **{f"presence-{world.member_a.pk}": "present"},
    )
    assert "支委会请勾选应参会的支部委员" in response.content.decode()
    assert not Meeting.objects.exists()


def test_changing_the_organization_reloads_the_sheet(login, world):
    client = login("town_a_admin")
    url = reverse("life:meeting-create") + "?organization=ORG-A&kind=general_assembly"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith("{#") is False and 'id="sheet"' in fragment
    assert "林晓红" in fragment and "表决事项" in fragment
    assert "陈建国" not in client.get(url.replace("ORG-A", "ORG-B")).content.decode()


def test_correcting_a_meeting_keeps_its_sheet_and_adds_files(login, world, meeting):
    client = login("secretary")
    response = client.post(
        reverse("life:meeting-edit", args=[meeting.pk]),
        {
            "kind": MeetingKind.THEME_DAY,
            "held_on": TODAY.isoformat(),
            "topic": "学习党章（修订）",
            f"presence-{world.member_a.pk}": "absent",
            "files": [SimpleUploadedFile("照片.txt", b"photo")],
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.present_count) == ("学习党章（修订）", 0)
    assert meeting.files.count() == 2


def test_a_file_of_a_refused_kind_is_a_chinese_error(login, world):
    response = post_meeting(
        login("secretary"),
        world,
        **{
            f"presence-{world.member_a.pk}": "present",
            "files": [SimpleUploadedFile("病毒.exe", b"MZ")],
        },
    )
    html = response.content.decode()
    assert "不支持的文件类型" in html and "请重新选择附件" in html
    assert not Meeting.objects.exists()


# --- compliance -----------------------------------------------------------------------


def test_the_compliance_page_of_a_town_names_the_organizations_behind(login, world):
    held = datetime.date(LAST_YEAR, 3, 15)
    services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={"kind": MeetingKind.THEME_DAY, "held_on": held, "topic": "三月主题党日"},
        sheet=[SheetLine(world.member_a, Presence.PRESENT)],
    )
    html = page(login("town_a_admin"), f"/life/compliance/?year={LAST_YEAR}")
    assert "川姜镇" in html and "川姜一片区" in html
    assert world.org_a.name in html and world.org_b.name not in html
    missed = f"{LAST_YEAR}年1月、{LAST_YEAR}年2月、{LAST_YEAR}年4月"
    assert f"主题党日：应开 12 期，已开 1 期；</span>未开：{missed}" in html


def test_the_district_sees_its_towns_and_may_open_one(login, world):
    client = login("district_admin")
    html = page(client, f"/life/compliance/?year={LAST_YEAR}")
    assert "川姜镇" in html and "开发区" in html and world.org_b.name in html
    town = page(client, f"/life/compliance/?region=350599100000&year={LAST_YEAR}")
    assert world.org_b.name not in town and world.org_a.name in town


def test_a_long_list_of_organizations_behind_is_counted_whole_and_paged(login, world):
    for n in range(55):
        f.organization(f"ORG-X{n:02d}", f"新建党支部{n:02d}", region=world.grid_a)
    client = login("town_a_admin")
    first = page(client, f"/life/compliance/?year={LAST_YEAR}")
    assert '<span class="badge text-bg-danger">57</span>' in first  # with org_a and its group
    assert "新建党支部54" not in first
    assert "新建党支部54" in page(client, f"/life/compliance/?year={LAST_YEAR}&page=2")


def test_the_list_of_organizations_behind_exports_to_excel(login, world):
    response = login("town_a_admin").get(f"/life/compliance/export/?year={LAST_YEAR}")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    found = [row for row in rows if row[1] == world.org_a.name and row[3] == "主题党日"]
    assert found and found[0][4] == 12 and f"{LAST_YEAR}年1月" in found[0][6]
    assert not [row for row in rows if world.org_b.name in row]


# --- members absent six months ----------------------------------------------------------


def test_a_member_absent_six_months_is_listed_for_the_secretary(login, world):
    long_ago = TODAY - datetime.timedelta(days=240)
    services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={"kind": MeetingKind.THEME_DAY, "held_on": long_ago, "topic": "主题党日"},
        sheet=[SheetLine(world.member_a, Presence.ABSENT)],
        votes=[],
    )
    assert "林晓红" in page(login("secretary"), reverse("life:absent"))
    assert "林晓红" not in page(login("town_b_admin"), reverse("life:absent"))


def test_votes_are_only_read_for_voting_meetings(world):
    from liangxin.life.forms import Decisions

    data = {"decision_rows": "1", "decision-0-text": "事项", "decision-0-for": "2"}
    assert Decisions(MeetingKind.THEME_DAY, data).votes() == []
    assert Decisions(MeetingKind.COMMITTEE, data).votes() == [Vote("事项", 2, 0, 0)]
    bad = {**data, "decision-0-for": "两"}
    assert Decisions(MeetingKind.COMMITTEE, bad).errors() == ["“事项”的票数须为不小于 0 的整数"]

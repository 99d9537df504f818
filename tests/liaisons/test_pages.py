"""The liaison pages as users meet them: scope (another town sees nothing, 404), roles (403),
bad input refused in Chinese with nothing saved, the lists' filters and exports."""

import datetime

import pytest
from django.utils import timezone

from liangxin.liaisons import services
from liangxin.liaisons.models import (
    LiaisonLink,
    LiaisonMeeting,
    MemberStaffLink,
    NoticeReceipt,
    PolicyLiaison,
    PolicyNotice,
    StaffProblem,
)
from tests.clients import ALL_PERSONAS
from tests.liaisons.conftest import publish, table

pytestmark = pytest.mark.django_db

LISTS = [
    "/liaisons/",
    "/liaisons/receipts/",
    "/liaisons/liaisons/",
    "/liaisons/figures/",
    "/liaisons/links/",
    "/liaisons/meetings/",
    "/liaisons/sanlian/",
    "/liaisons/pairings/",
    "/liaisons/pairing-figures/",
]
BUSINESS = {
    "district_admin",
    "town_a_admin",
    "town_b_admin",
    "secretary",
    "instructor",
    "leader",
    "outsider",
}


def yesterday() -> str:
    return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def moment(delta_hours=-1) -> str:
    return (timezone.localtime() + datetime.timedelta(hours=delta_hours)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def notice(world, liaisons):
    return publish(world, liaisons["a"], timezone.now() - datetime.timedelta(hours=2))


def meeting_data(world, **changes):
    return {
        "organization": world.org_a.code,
        "kind": "party_enterprise",
        "held_on": yesterday(),
        "participants": "12",
        "topics": "技改项目职工培训",
        "issues_raised": "3",
        "suggestions_adopted": "2",
        "outcome": "培训纳入年度计划",
        **changes,
    }


def test_what_each_persona_gets(world, login, liaisons):
    """Every business persona reads the lists and figures (in its scope); the three
    administrators get 403; only the desk pushes notices, only recorders record."""
    clients = {persona: login(persona) for persona in ALL_PERSONAS}

    def allowed(url):
        return {p for p, c in clients.items() if c.get(url).status_code == 200}

    for url in ("/liaisons/", "/liaisons/meetings/", "/liaisons/pairing-figures/"):
        assert allowed(url) == BUSINESS, url
    for url in LISTS + [f"{url}export/" for url in LISTS]:
        assert clients["leader"].get(url).status_code == 200, url
        assert clients["system_admin"].get(url).status_code == 403, url
    pushers = {"district_admin", "town_a_admin", "town_b_admin", "outsider"}
    recorders = pushers | {"secretary"}
    assert allowed("/liaisons/new/") == allowed("/liaisons/liaisons/new/") == pushers
    assert allowed("/liaisons/meetings/new/") == recorders
    for url in ("/liaisons/links/new/", "/liaisons/pairings/new/"):
        assert clients["leader"].get(url).status_code == 403, url
        assert clients["instructor"].get(url).status_code == 403, url
        assert clients["secretary"].get(url).status_code == 200, url


def test_a_town_admin_records_a_meeting_and_another_town_sees_nothing(world, login):
    response = login("secretary").post("/liaisons/meetings/new/", meeting_data(world))
    assert response.status_code == 302
    meeting = LiaisonMeeting.objects.get()
    assert (meeting.participants, meeting.created_by) == (12, world.user("secretary"))
    page = login("town_a_admin").get("/liaisons/meetings/").content.decode()
    assert "技改项目职工培训" in page
    for href in ("/liaisons/", "/liaisons/meetings/", "/liaisons/pairings/"):
        assert f'href="{href}"' in page  # the links of the menu 助企服务
    for persona in ("town_b_admin", "outsider"):
        page = login(persona).get("/liaisons/meetings/").content.decode()
        assert "技改项目职工培训" not in page and "暂无记录" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"participants": "十二"}, "participants", "输入整数"),
        ({"participants": "0"}, "participants", "1"),
        ({"held_on": "2026-13-45"}, "held_on", "日期"),
        ({"topics": "议" * 2001}, "topics", "2000"),
        ({"kind": "tea_party"}, "kind", "选择"),
        ({"held_on": "2999-01-01"}, "held_on", "不能晚于今天"),
        ({"organization": "ORG-B"}, "organization", "不在您的管辖范围内"),
    ],
)
def test_bad_meeting_input_is_refused_in_chinese(world, login, changes, field, message):
    response = login("town_a_admin").post("/liaisons/meetings/new/", meeting_data(world, **changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, errors
    assert not LiaisonMeeting.objects.exists()


def test_a_duplicate_meeting_is_refused(world, login):
    client = login("town_a_admin")
    assert client.post("/liaisons/meetings/new/", meeting_data(world)).status_code == 302
    response = client.post("/liaisons/meetings/new/", meeting_data(world, participants="20"))
    assert "该党组织当天已登记过同类会议" in response.content.decode()
    assert LiaisonMeeting.objects.count() == 1


def test_a_link_needs_a_member_of_the_organization_in_scope(world, login):
    data = {
        "organization": world.org_a.code,
        "kind": "secretary_management",
        "member": str(world.member_b.public_id),
        "counterpart_name": "王总",
        "counterpart_post": "总经理",
        "started_on": yesterday(),
    }
    response = login("district_admin").post("/liaisons/links/new/", data)
    assert "该党员不属于所选党组织" in response.content.decode()
    response = login("town_a_admin").post("/liaisons/links/new/", data)
    assert "不在您的管辖范围内" in response.content.decode()
    assert not LiaisonLink.objects.exists()
    data["member"] = str(world.member_a.public_id)
    assert login("secretary").post("/liaisons/links/new/", data).status_code == 302
    assert login("secretary").post("/liaisons/links/new/", data).status_code == 200
    assert LiaisonLink.objects.count() == 1


def test_a_notice_reaches_the_liaisons_enterprises_and_is_confirmed(world, login, liaisons):
    client = login("town_a_admin")
    response = client.post(
        "/liaisons/new/",
        {
            "liaison": liaisons["a"].pk,
            "title": "稳岗返还政策办理指南",
            "summary": "适用对象、申报条件和办理流程",
            "source": "区人社局",
            "link": "https://example.gov.cn/policy/1",
            "published_at": moment(-1),
        },
    )
    assert response.status_code == 302, response.content.decode()
    notice = PolicyNotice.objects.get()
    assert sorted(notice.receipts.values_list("enterprise__name", flat=True)) == sorted(
        [world.ent_a.name, world.ent_a2.name]
    )
    receipt = notice.receipts.get(enterprise=world.ent_a)
    url = f"/liaisons/receipts/{receipt.pk}/confirm/"
    assert world.ent_a.name in client.get(url).content.decode()
    data = {"head_name": "李建华", "head_post": "董事长", "confirmed_at": moment(0)}
    assert login("secretary").post(url, data).status_code == 302
    receipt.refresh_from_db()
    assert (receipt.head_name, receipt.head_post) == ("李建华", "董事长")
    assert receipt.working_minutes is not None
    again = client.post(url, data)
    assert "不能重复确认" in again.content.decode()


def test_the_notice_form_refuses_a_liaison_of_another_town(world, login, liaisons):
    response = login("town_a_admin").post(
        "/liaisons/new/",
        {
            "liaison": liaisons["b"].pk,
            "title": "政策",
            "summary": "摘要",
            "published_at": moment(-1),
            "link": "ftp:/bad",
        },
    )
    errors = response.context["form"].errors
    assert "选择" in " ".join(errors["liaison"]) and "http" in " ".join(errors["link"])
    assert not PolicyNotice.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"head_name": ""}, "必填"),
        ({"head_name": "李" * 41}, "40"),
        ({"confirmed_at": "明天上午"}, "请输入正确的日期和时间"),
        ({"confirmed_at": "2020-01-01T09:00"}, "不能早于政策发布时间"),
        ({"confirmed_at": "2999-01-01T09:00"}, "不能晚于现在"),
    ],
)
def test_bad_confirmations_are_refused_and_nothing_is_saved(world, login, notice, changes, message):
    receipt = notice.receipts.get(enterprise=world.ent_a)
    data = {"head_name": "李建华", "head_post": "董事长", "confirmed_at": moment(0), **changes}
    response = login("town_a_admin").post(f"/liaisons/receipts/{receipt.pk}/confirm/", data)
    assert response.status_code == 200 and message in response.content.decode()
    receipt.refresh_from_db()
    assert receipt.confirmed_at is None


def test_receipts_of_another_town_do_not_exist_for_it(world, login, notice):
    receipt = notice.receipts.get(enterprise=world.ent_a)
    url = f"/liaisons/receipts/{receipt.pk}/confirm/"
    assert login("town_b_admin").get(url).status_code == 404
    assert login("outsider").post(url, {"head_name": "x", "head_post": "y"}).status_code == 404
    assert login("leader").get(url).status_code == 403
    # The instructor is assigned ent_a2 only: sees its receipt, not ent_a's.
    instructor = login("instructor")
    assert instructor.get(url).status_code == 404
    other = notice.receipts.get(enterprise=world.ent_a2)
    assert instructor.get(f"/liaisons/receipts/{other.pk}/confirm/").status_code == 200
    page = login("town_b_admin").get("/liaisons/receipts/").content.decode()
    assert notice.title not in page
    assert notice.title in login("secretary").get("/liaisons/").content.decode()
    assert NoticeReceipt.objects.filter(confirmed_at__isnull=False).count() == 0


def test_a_liaison_for_enterprises_out_of_scope_is_refused(world, login):
    data = {
        "name": "吴联络",
        "unit": "川姜镇",
        "region": world.town_a.code,
        "enterprises": f"{world.ent_a.uscc},{world.ent_b.uscc}",
    }
    response = login("town_a_admin").post("/liaisons/liaisons/new/", data)
    assert "不在您的管辖范围内" in response.content.decode()
    assert not PolicyLiaison.objects.exists()
    data["enterprises"] = world.ent_a.uscc
    assert login("town_a_admin").post("/liaisons/liaisons/new/", data).status_code == 302
    response = login("town_a_admin").post("/liaisons/liaisons/new/", data)
    assert "该区域已有同名的政策联络员" in response.content.decode()
    assert PolicyLiaison.objects.count() == 1


def test_a_pairing_with_its_problems(world, login):
    client = login("secretary")
    response = client.post(
        "/liaisons/pairings/new/",
        {
            "member": str(world.member_a.public_id),
            "staff_name": "张小明",
            "staff_kind": "staff",
            "team": "织造车间",
            "started_on": yesterday(),
        },
    )
    link = MemberStaffLink.objects.get()
    assert response.url == f"/liaisons/pairings/{link.pk}/"
    url = response.url
    bad = client.post(
        url,
        {"kind": "difficulty", "description": "子女入学", "raised_on": yesterday(),
         "solved_on": "2000-01-01", "solution": "协调"},
    )  # fmt: skip
    assert "解决日期不能早于提出日期" in bad.content.decode()
    assert not StaffProblem.objects.exists()
    ok = client.post(
        url, {"kind": "difficulty", "description": "子女入学", "raised_on": yesterday()}
    )
    assert ok.status_code == 302
    problem = StaffProblem.objects.get()
    solve = f"/liaisons/problems/{problem.pk}/solve/"
    blank = client.post(solve, {"solved_on": yesterday(), "solution": " "})
    assert "必填" in blank.content.decode()
    problem.refresh_from_db()
    assert problem.solved_on is None
    assert client.post(solve, {"solved_on": yesterday(), "solution": "协调学校"}).status_code == 302
    problem.refresh_from_db()
    assert problem.solution == "协调学校"
    assert login("town_b_admin").get(url).status_code == 404
    assert (
        login("town_b_admin").post(solve, {"solved_on": yesterday(), "solution": "x"}).status_code
        == 404
    )
    assert login("leader").get(url).status_code == 200
    assert login("leader").post(url, {"kind": "difficulty"}).status_code == 403


def test_lists_filter_by_region_and_export(world, login, liaisons):
    publish(world, liaisons["a"], timezone.now() - datetime.timedelta(hours=3), title="甲政策")
    publish(world, liaisons["b"], timezone.now() - datetime.timedelta(hours=3), title="乙政策")
    client = login("district_admin")
    town_a = client.get(f"/liaisons/?region={world.town_a.code}").content.decode()
    assert "甲政策" in town_a and "乙政策" not in town_a
    assert client.get(f"/liaisons/?region={world.other_root.code}").status_code == 404
    header, rows = table(
        client.get(f"/liaisons/receipts/export/?region={world.town_a.code}"), "政策名称"
    )
    assert header[1] == "企业" and sorted(r[1] for r in rows) == sorted(
        [world.ent_a.name, world.ent_a2.name]
    )
    header, rows = table(client.get("/liaisons/export/?q=乙"), "政策名称")
    assert [r[0] for r in rows] == ["乙政策"] and rows[0][5] == 1
    services.meeting_record(
        actor=world.user("district_admin"), organization=world.org_b, kind="members",
        held_on=timezone.localdate(), participants=9, topics="议事",
    )  # fmt: skip
    header, rows = table(client.get("/liaisons/meetings/export/"), "党组织")
    assert rows == [
        [
            world.org_b.name,
            "开发区一网格",
            "党员议事会",
            timezone.localdate().isoformat(),
            9,
            "议事",
            0,
            0,
            "",
        ]
    ]


def test_a_town_edits_its_share_of_a_district_liaisons_enterprises(world, login):
    liaison = services.liaison_create(
        actor=world.user("district_admin"),
        name="区联络员",
        unit="区工信局",
        region=world.district,
        enterprises=[world.ent_a, world.ent_b],
    )
    url = f"/liaisons/liaisons/{liaison.pk}/"
    assert login("town_a_admin").get(url).status_code == 404  # not its region's liaison
    client = login("district_admin")
    data = {"name": "区联络员", "unit": "区工信局", "region": world.town_a.code}
    response = client.post(url, {**data, "enterprises": world.ent_a2.uscc, "active": "on"})
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert list(liaison.enterprises.all()) == [world.ent_a2] and liaison.region == world.town_a
    # Now a town-A liaison: town A replaces its enterprises, ent_b (town B's) is kept.
    liaison.enterprises.add(world.ent_b)
    response = login("town_a_admin").post(url, {**data, "enterprises": world.ent_a.uscc})
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert set(liaison.enterprises.all()) == {world.ent_a, world.ent_b} and not liaison.active
    assert login("leader").get(url).status_code == 403

"""The co-building pages as users meet them: who reads and who records (403), scope
(another town and an outsider: 404, nothing listed), bad input refused in Chinese with
nothing saved (malformed and negative numbers, oversized text, a duplicate outcome for the
same holder, period and type, a reference out of scope), the lists' exports."""

import datetime

import pytest
from django.utils import timezone

from liangxin.cobuilding.models import (
    Alliance,
    JointMeeting,
    MeetingIssue,
    Outcome,
    Pairing,
    Programme,
    Workshop,
    WorkshopFigure,
    WorkshopType,
)
from tests.clients import ALL_PERSONAS
from tests.cobuilding.conftest import outcome_type, workbook_rows

pytestmark = pytest.mark.django_db

LISTS = ["/cobuilding/", "/cobuilding/alliances/", "/cobuilding/workshops/", "/cobuilding/figures/"]


def outcome_data(**changes):
    return {
        "year": "2025",
        "month": "0",
        "outcome_type": str(outcome_type("就业").pk),
        "value": "12",
        "note": "",
        **changes,
    }


def outcome_url(holder_key, pk):
    return f"/cobuilding/{holder_key}/{pk}/outcomes/new/"


def test_who_reads_and_who_records(world, login, records):
    clients = {persona: login(persona) for persona in ALL_PERSONAS}

    def allowed(url):
        return {p for p, c in clients.items() if c.get(url).status_code == 200}

    readers = {"district_admin", "town_a_admin", "town_b_admin", "secretary", "instructor"}
    for url in LISTS:
        assert allowed(url) == readers | {"leader", "outsider"}, url
    # The outsider is a town admin elsewhere: the form opens, their scope is empty.
    keepers = {"district_admin", "town_a_admin", "town_b_admin", "outsider"}
    assert allowed("/cobuilding/new/") == keepers
    assert allowed(outcome_url("pairings", records.p1.pk)) == {
        "district_admin",
        "town_a_admin",
        "secretary",  # the pairing of the secretary's organization's enterprise
    }
    assert allowed(f"/cobuilding/pairings/{records.p1.pk}/") == {
        "district_admin",
        "town_a_admin",
        "secretary",
        "leader",
    }


def test_lists_are_scoped_and_exported(world, login, records):
    text = login("town_b_admin").get("/cobuilding/").content.decode()
    assert world.ent_b.name in text and world.ent_a.name not in text
    text = login("outsider").get("/cobuilding/workshops/").content.decode()
    assert "暂无记录" in text
    rows = workbook_rows(login("town_a_admin").get("/cobuilding/export/"))
    names = {row[1] for row in rows}
    assert {world.ent_a.name, world.org_a.name} <= names and world.ent_b.name not in names
    rows = workbook_rows(login("district_admin").get("/cobuilding/alliances/export/"))
    assert {"纺织产业链党建联盟", "机械产业链党建联盟"} <= {row[0] for row in rows}
    rows = workbook_rows(login("town_a_admin").get("/cobuilding/workshops/export/"))
    assert "开发区共富工坊" not in {row[0] for row in rows}


def test_out_of_scope_records_are_404(world, login, records):
    for persona in ("town_b_admin", "outsider"):
        client = login(persona)
        for url in (
            f"/cobuilding/pairings/{records.p1.pk}/",
            f"/cobuilding/pairings/{records.p1.pk}/edit/",
            f"/cobuilding/alliances/{records.a1.pk}/",
            f"/cobuilding/alliances/{records.a1.pk}/meetings/new/",
            f"/cobuilding/workshops/{records.w1.pk}/figures/new/",
        ):
            assert client.get(url).status_code == 404, (persona, url)
        response = client.post(outcome_url("pairings", records.p1.pk), outcome_data())
        assert response.status_code == 404
    assert login("district_admin").get(outcome_url("members", 1)).status_code == 404
    assert not Outcome.objects.exists()


def test_an_outcome_recorded_and_bad_input_refused(world, login, records):
    client = login("town_a_admin")
    url = outcome_url("workshops", records.w1.pk)
    response = client.post(url, outcome_data(value="1234.56"))
    assert response.status_code == 302
    saved = Outcome.objects.get()
    assert (saved.workshop, str(saved.value)) == (records.w1, "1234.56")

    cases = [
        ({"value": "一百"}, "请输入数字"),
        ({"value": "-5"}, "不能为负数"),
        ({"value": "1.234"}, "最多保留两位小数"),
        ({"value": "1" * 20}, "数值过大"),
        ({"year": "20x5"}, "请输入四位年份"),
        ({"note": "很" * 301}, "300"),
        ({"value": "99"}, "该期间的此类成效已登记"),  # same holder, year, month, type
        ({"month": "5"}, "不能既按全年又按月份登记"),
    ]
    for changes, message in cases:
        response = client.post(url, outcome_data(**changes))
        assert response.status_code == 200, changes
        assert message in response.content.decode(), changes
    assert Outcome.objects.count() == 1 and str(Outcome.objects.get().value) == "1234.56"


def test_a_pairing_created_and_edited(world, login):
    client = login("town_a_admin")
    red = Programme.objects.get(name="红色联盟")
    data = {
        "programme": red.pk,
        "enterprise": world.ent_a2.uscc,
        "village_region": world.area_a.code,
        "signed_on": "2025-04-01",
        "round_no": "1",
        "principle": "地域相邻、双向选择",
    }
    assert client.post("/cobuilding/new/", data).status_code == 302
    pairing = Pairing.objects.get()
    assert pairing.region == world.ent_a2.region  # the enterprise's region by default
    edit = f"/cobuilding/pairings/{pairing.pk}/edit/"
    assert world.ent_a2.uscc in client.get(edit).content.decode()
    response = client.post(edit, {**data, "ends_on": "2025-01-01", "active": "on"})
    assert "到期日期不能早于签约日期" in response.content.decode()
    assert client.post(edit, {**data, "round_no": "2", "active": "on"}).status_code == 302
    pairing.refresh_from_db()
    assert pairing.round_no == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"enterprise": "", "organization": ""}, "请选择企业或党组织"),
        ({"village_region": ""}, "请选择结对村（社区），或填写外部村的名称"),
        ({"agreement": "约" * 4001}, "4000"),
        ({"signed_on": "2025-13-01"}, "日期"),
        ({"round_no": "0"}, "1"),
    ],
)
def test_a_bad_pairing_is_refused(world, login, changes, message):
    data = {
        "programme": Programme.objects.get(name="红色联盟").pk,
        "enterprise": world.ent_a.uscc,
        "village_region": world.area_a.code,
        "signed_on": "2025-04-01",
        "round_no": "1",
        **changes,
    }
    response = login("town_a_admin").post("/cobuilding/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Pairing.objects.exists()


def test_references_out_of_scope_are_refused(world, login):
    """Town B cannot pair town A's enterprise, nor place a workshop in town A."""
    client = login("town_b_admin")
    data = {
        "programme": Programme.objects.get(name="红色联盟").pk,
        "enterprise": world.ent_a.uscc,
        "village_region": world.grid_b.code,
        "signed_on": "2025-04-01",
        "round_no": "1",
    }
    text = client.post("/cobuilding/new/", data).content.decode()
    assert "不存在或不在您的管辖范围内" in text
    shop = {
        "name": "越界工坊",
        "workshop_type": WorkshopType.objects.first().pk,
        "region": world.town_a.code,
        "village_name": "某村",
        "opened_on": "2025-01-01",
    }
    text = client.post("/cobuilding/workshops/new/", shop).content.decode()
    assert "不存在或不在您的管辖范围内" in text
    assert not Pairing.objects.exists() and not Workshop.objects.exists()


def test_workshop_figures_and_their_bad_input(world, login, records):
    client = login("town_a_admin")
    url = f"/cobuilding/workshops/{records.w1.pk}/figures/new/"
    good = {
        "year": "2025",
        "month": "6",
        "posts": "15",
        "on_post": "12",
        "low_income": "4",
        "monthly_income_rise": "3050.5",
        "output": "120000",
        "collective_income": "8000",
    }
    assert client.post(url, good).status_code == 302
    for changes, message in [
        ({"posts": "-1"}, "不能为负数"),
        ({"monthly_income_rise": "abc"}, "请输入数字"),
        ({"low_income": "13"}, "低收入农户人数不能多于在岗人数"),
        ({}, "该工坊此期间的数据已登记"),
    ]:
        response = client.post(url, {**good, **changes})
        assert message in response.content.decode(), changes
    assert WorkshopFigure.objects.count() == 1
    page = client.get(f"/cobuilding/workshops/{records.w1.pk}/").content.decode()
    assert "3050.50" in page


def test_a_workshop_share_over_100_is_refused(world, login):
    data = {
        "name": "共富工坊",
        "workshop_type": WorkshopType.objects.first().pk,
        "region": world.town_a.code,
        "village_name": "某村",
        "opened_on": "2025-01-01",
        "equity_share": "120",
    }
    response = login("town_a_admin").post("/cobuilding/workshops/new/", data)
    assert "股份比例不能超过 100" in response.content.decode()
    assert (
        login("town_a_admin")
        .post("/cobuilding/workshops/new/", {**data, "equity_share": "20"})
        .status_code
        == 302
    )


def test_a_joint_meeting_with_issues_followed_up(world, login, records):
    client = login("secretary")  # a member organization's secretary records the meeting
    url = f"/cobuilding/alliances/{records.a1.pk}/meetings/new/"
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = {"held_on": yesterday, "topic": "订单共享", "participants": "6",
            "issues": "面料供应周期长\n\n旺季用工缺口\n"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    meeting = JointMeeting.objects.get()
    assert list(meeting.issues.values_list("description", "state")) == [
        ("面料供应周期长", "open"),
        ("旺季用工缺口", "open"),
    ]
    assert "已登记过同一主题" in client.post(url, data).content.decode()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "日期" in client.post(url, {**data, "held_on": tomorrow}).content.decode()
    long_issue = {**data, "topic": "另一次", "issues": "问" * 301}
    assert "每个问题不超过 300 字" in client.post(url, long_issue).content.decode()
    assert JointMeeting.objects.count() == 1

    issue = MeetingIssue.objects.first()
    follow = f"/cobuilding/issues/{issue.pk}/follow/"
    response = client.post(follow, {"state": "done", "follow_up": ""})
    assert "办结须填写办结日期和跟进情况" in response.content.decode()
    done = {"state": "done", "follow_up": "与上游签订保供协议", "closed_on": yesterday}
    assert client.post(follow, done).status_code == 302
    issue.refresh_from_db()
    assert issue.state == "done" and issue.closed_on.isoformat() == yesterday
    assert login("town_b_admin").post(follow, done).status_code == 404
    assert login("leader").post(follow, done).status_code == 403


def test_the_sets_page(world, login):
    client = login("district_admin")
    response = client.post(
        "/cobuilding/sets/",
        {
            "kind": "outcome",
            "outcome-name": "培训",
            "outcome-unit": "人次",
            "outcome-source": "[I]",
        },
    )
    assert response.status_code == 302
    text = client.get("/cobuilding/sets/").content.decode()
    assert "培训" in text and "[L:川姜]" in text and "[L:嘉兴秀洲, 富阳]" in text
    duplicate = {"kind": "programme", "programme-name": "红色联盟"}
    refused = client.post("/cobuilding/sets/", duplicate).content.decode()
    assert "已有名为“红色联盟”的联建项目" in refused
    oversized = {"kind": "workshop", "workshop-name": "坊" * 41}
    assert "40" in client.post("/cobuilding/sets/", oversized).content.decode()
    for persona in ("town_a_admin", "leader"):
        assert login(persona).post("/cobuilding/sets/", duplicate).status_code == 403
    programme = Programme.objects.get(name="万企联万村")
    client.post("/cobuilding/sets/", {"toggle": f"programme:{programme.pk}"})
    programme.refresh_from_db()
    assert not programme.active
    assert client.post("/cobuilding/sets/", {"toggle": "programme:999999"}).status_code == 404
    assert client.post("/cobuilding/sets/", {"kind": "nothing"}).status_code == 404


def test_alliance_pages(world, login, records):
    assert Alliance.objects.count() == 2
    text = login("town_a_admin").get(f"/cobuilding/alliances/{records.a1.pk}/").content.decode()
    assert "未设轮值主席" in text


def test_a_cross_region_pairing_against_its_yearly_target(world, login, records):
    """山海协作 [L:平湖]: 村集体增收 ≥ 10 万元 per village a year (the programme's target, data)."""
    programme = records.p2.programme
    assert (programme.target_type.name, str(programme.yearly_target)) == ("村集体增收", "100000.00")
    records.outcome(records.p2, 2024, "村集体增收", "120000")
    records.outcome(records.p2, 2025, "村集体增收", "50000", month=3)
    records.outcome(records.p2, 2025, "村集体增收", "49999.99", month=9)
    records.outcome(records.p2, 2025, "就业", "500000")  # another type does not count
    page = login("town_a_admin").get(f"/cobuilding/pairings/{records.p2.pk}/").content.decode()
    rows = page.split('id="targets"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert rows.index("2025") < rows.index("99999.99") < rows.index("未达")
    assert rows.index("2024") < rows.index("120000.00") < rows.index("达标")
    page = login("town_a_admin").get(f"/cobuilding/pairings/{records.p1.pk}/").content.decode()
    assert 'id="targets"' not in page  # 红色联盟 sets no target


def test_an_outcome_corrected(world, login, records):
    first = records.outcome(records.p1, 2025, "就业", "30")
    other = records.outcome(records.p1, 2025, "投入资金", "1000")
    client = login("town_a_admin")
    url = f"/cobuilding/outcomes/{first.pk}/edit/"
    assert "30.00" in client.get(url).content.decode()
    data = outcome_data(value="31.5", note="复核后更正")
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert (str(first.value), first.note) == ("31.50", "复核后更正")
    # Moving it onto the other record's type is the duplicate; a month mixes periods.
    clash = outcome_data(outcome_type=str(other.outcome_type_id))
    assert "该期间的此类成效已登记" in client.post(url, clash).content.decode()
    first.refresh_from_db()
    assert first.outcome_type.name == "就业"
    for persona in ("town_b_admin", "outsider"):
        assert login(persona).post(url, data).status_code == 404
    assert login("leader").get(url).status_code == 403


def test_a_member_leaves(world, login, records):
    client = login("town_a_admin")
    add = f"/cobuilding/alliances/{records.a1.pk}/members/new/"
    client.post(
        add, {"organization": world.org_a.code, "role": "rotating", "joined_on": "2024-03-01"}
    )
    member = records.a1.members.get()
    url = f"/cobuilding/members/{member.pk}/edit/"
    assert world.org_a.code in client.get(url).content.decode()
    data = {"organization": world.org_a.code, "role": "rotating", "joined_on": "2024-03-01"}
    early = {**data, "left_on": "2024-01-01"}
    assert "退出日期不能早于加入日期" in client.post(url, early).content.decode()
    assert client.post(url, {**data, "left_on": "2025-06-30"}).status_code == 302
    member.refresh_from_db()
    assert member.left_on.isoformat() == "2025-06-30"
    assert login("town_b_admin").get(url).status_code == 404

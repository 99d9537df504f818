"""The pages of the three lists: scope (another town sees nothing and gets 404), roles
(403), bad input refused in Chinese with nothing saved, the lists' filters and exports."""

import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from liangxin.servicelists import services
from liangxin.servicelists.models import (
    Activity,
    ActivityType,
    Event,
    EventOutcome,
    EventType,
    Need,
    Resource,
)
from tests.servicelists.conftest import days_ago, need, resource, service_item


def sheet(response) -> list[list]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    return rows.to_python()


def table(response, first_header: str) -> list[list]:
    rows = sheet(response)
    header = next(row for row in rows if row and row[0] == first_header)
    return [header, *rows[rows.index(header) + 1 :]]


def event(world, *, region=None, title="高校行", held=None, enterprises=(), **outcomes):
    data = {
        "event_type": EventType.objects.get(name="高校行"),
        "title": title,
        "held_on": held or days_ago(3),
        "region": region or world.town_a,
        "organizer": None,
        "organizer_name": "川姜镇两新工委",
        "enterprises": list(enterprises),
        "other_enterprises": 0,
        "note": "",
    }
    admin = "town_b_admin" if region == world.town_b else "town_a_admin"
    values = {kind: Decimal(value) for kind, value in outcomes.items()}
    return services.event_create(actor=world.user(admin), data=data, outcomes=values)


def activity_data(world, **changes):
    data = {
        "activity_type": ActivityType.objects.get(name="邻里共享日").pk,
        "title": "邻里共享日·义诊",
        "held_on": days_ago(1).isoformat(),
        "region": world.town_a.pk,
        "place_name": "川姜镇党群服务中心",
        "organizer": "",
        "participants": "35",
        "members": "",
        "service_item": "",
        "note": "",
    }
    data.update(changes)
    return data


# --- scope -----------------------------------------------------------------------------


def test_another_town_sees_none_of_the_lists_and_gets_404(world, login):
    found = need(world)
    resource(world)
    happened = event(world, posts=10)
    client = login("town_b_admin")
    for url in ("/service-lists/", "/service-lists/resources/", "/service-lists/events/"):
        page = client.get(url).content.decode()
        assert "暂无记录" in page and "招聘技术工人" not in page and "人社所" not in page
    assert client.get(f"/service-lists/needs/{found.pk}/").status_code == 404
    assert client.get(f"/service-lists/needs/{found.pk}/match/").status_code == 404
    assert client.get(f"/service-lists/events/{happened.pk}/").status_code == 404
    assert len(sheet(client.get("/service-lists/export/"))) <= 2  # title and header only
    assert login("outsider").get(f"/service-lists/needs/{found.pk}/").status_code == 404
    # The district sees the town's; the town sees the district's offers (not another town's).
    assert login("district_admin").get(f"/service-lists/needs/{found.pk}/").status_code == 200
    service_item(world, region=world.district, title="区级法律体检")
    assert "区级法律体检" in client.get("/service-lists/menu/").content.decode()


def test_a_town_cannot_edit_the_districts_resource(world, login):
    upper = resource(world, region=world.district, provider="区人社局")
    response = login("town_a_admin").post(
        f"/service-lists/resources/{upper.pk}/",
        {
            "region": world.town_a.pk,
            "provider_name": "区人社局",
            "item": "改名",
            "capacity": "1",
            "group": "workers",
        },
    )
    assert response.status_code == 200 and "所属区域不在您的管辖范围内" in response.content.decode()
    upper.refresh_from_db()
    assert upper.item == "职业技能培训名额"


# --- roles -----------------------------------------------------------------------------


def test_roles_that_may_not_write_get_403(world, login):
    found = need(world)
    leader, secretary = login("leader"), login("secretary")
    for url in (
        "/service-lists/needs/new/",
        "/service-lists/activities/new/",
        "/service-lists/events/new/",
        "/service-lists/resources/new/",
        f"/service-lists/needs/{found.pk}/match/",
    ):
        assert leader.get(url).status_code == 403, url
    assert secretary.get("/service-lists/needs/new/").status_code == 200
    assert secretary.get("/service-lists/events/new/").status_code == 403
    assert secretary.post("/service-lists/types/", {"kind": "event"}).status_code == 403
    assert login("security_admin").get("/service-lists/").status_code == 403
    assert login("leader").get("/service-lists/figures/").status_code == 200


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participants": "0"}, "1"),
        ({"participants": "1000001"}, "1000000"),
        ({"participants": "很多"}, "输入整数"),
        ({"title": "长" * 101}, "100"),
        ({"held_on": "2026-13-40"}, "有效的日期"),
        ({"held_on": "2099-01-01"}, "日期不能晚于今天"),
        ({"region": "999999"}, "请选择您管辖范围内的区域"),
        ({"organizer": "ORG-B"}, "不存在或不在您的管辖范围内"),
    ],
)
def test_a_bad_activity_is_refused_in_chinese_and_nothing_saved(world, login, changes, message):
    if changes.get("region") == "999999":
        changes["region"] = world.town_b.pk  # another town's region: out of scope
    response = login("town_a_admin").post(
        "/service-lists/activities/new/", activity_data(world, **changes)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Activity.objects.exists()


def test_a_duplicate_activity_and_too_few_participants_are_refused(world, login):
    client = login("town_a_admin")
    ok = client.post(
        "/service-lists/activities/new/",
        activity_data(world, members=str(world.member_a.public_id)),
    )
    assert ok.status_code == 302 and list(Activity.objects.get().members.all()) == [world.member_a]
    again = client.post("/service-lists/activities/new/", activity_data(world))
    assert "本区域当天已登记同名活动" in again.content.decode()
    too_few = client.post(
        "/service-lists/activities/new/",
        activity_data(
            world, title="另一场", participants="0", members=str(world.member_a.public_id)
        ),
    )
    assert too_few.status_code == 200
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"requester_kind": "enterprise", "enterprise": ""}, "企业提出的需求须选择企业"),
        ({"requester_kind": "member"}, "党员提出的需求须选择党员"),
        ({"requester_name": ""}, "请填写职工姓名或称呼"),
        ({"item": "长" * 201}, "200"),
        ({"category": "magic"}, "请选择启用的需求类别"),
        ({"received_on": "yesterday"}, "有效的日期"),
    ],
)
def test_a_bad_need_is_refused_in_chinese(world, login, changes, message):
    data = {
        "requester_kind": "staff",
        "requester_name": "李师傅",
        "region": world.town_a.pk,
        "item": "子女暑期托管",
        "category": "living",
        "received_on": days_ago(1).isoformat(),
        **changes,
    }
    response = login("town_a_admin").post("/service-lists/needs/new/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Need.objects.exists()


def test_another_towns_enterprise_is_refused_for_a_need(world, login):
    response = login("town_a_admin").post(
        "/service-lists/needs/new/",
        {
            "requester_kind": "enterprise",
            "enterprise": world.ent_b.uscc,
            "item": "贷款",
            "category": "finance",
            "received_on": days_ago(1).isoformat(),
        },
    )
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    assert not Need.objects.exists()


def test_a_match_needs_one_offer_and_a_visible_one(world, login):
    found, offer = need(world), resource(world)
    other_town = resource(world, region=world.town_b, provider="开发区人社局")
    client = login("town_a_admin")
    url = f"/service-lists/needs/{found.pk}/match/"
    both = {"resource": offer.pk, "matched_on": days_ago(1).isoformat()}
    item = service_item(world)
    response = client.post(url, {**both, "service_item": item.pk})
    assert "只选一项" in response.content.decode()
    response = client.post(url, {**both, "resource": other_town.pk})
    assert "选择一个有效的选项" in response.content.decode()
    found.refresh_from_db()
    assert found.state == "open"


def test_bad_event_outcomes_are_refused(world, login):
    data = {
        "event_type": EventType.objects.get(name="高校行").pk,
        "title": "2026 高校行",
        "held_on": days_ago(2).isoformat(),
        "region": world.town_a.pk,
        "organizer_name": "川姜镇两新工委",
        "enterprises": f"{world.ent_a.uscc},{world.ent_b.uscc}",
        "other_enterprises": "3",
        "outcome_posts": "10.5",
        "outcome_amount": "-1",
    }
    response = login("town_a_admin").post("/service-lists/events/new/", data)
    page = response.content.decode()
    assert "不存在或不在您的管辖范围内" in page and "0" in page
    assert not Event.objects.exists() and not EventOutcome.objects.exists()
    data.update(enterprises=world.ent_a.uscc, outcome_posts="10", outcome_amount="12.50")
    response = login("town_a_admin").post("/service-lists/events/new/", data)
    saved = Event.objects.get()
    assert response.status_code == 302 and list(saved.enterprises.all()) == [world.ent_a]
    assert dict(saved.outcomes.values_list("kind", "value")) == {
        "posts": Decimal("10"),
        "amount": Decimal("12.50"),
    }


def test_a_duplicate_resource_is_refused(world, login):
    resource(world)
    response = login("town_a_admin").post(
        "/service-lists/resources/new/",
        {
            "region": world.town_a.pk,
            "provider_name": "川姜镇人社所",
            "item": "职业技能培训名额",
            "capacity": "每月 30 人次",
            "group": "workers",
            "active": "on",
        },
    )
    assert "该单位在本区域已登记同名资源" in response.content.decode()
    assert Resource.objects.count() == 1


def test_the_district_adds_and_switches_off_a_type(world, login):
    client = login("district_admin")
    response = client.post("/service-lists/types/", {"kind": "event", "event-name": "人才夜市"})
    assert response.status_code == 302 and EventType.objects.filter(name="人才夜市").exists()
    again = client.post("/service-lists/types/", {"kind": "event", "event-name": "人才夜市"})
    assert "已存在" in again.content.decode()
    row = EventType.objects.get(name="高校行")
    client.post("/service-lists/types/", {"toggle": f"event:{row.pk}"})
    row.refresh_from_db()
    assert (
        not row.active
        and "高校行"
        not in login("town_a_admin")
        .get("/service-lists/events/new/")
        .content.decode()
        .split('id="id_event_type"')[1]
        .split("</select>")[0]
    )


# --- lists and exports -----------------------------------------------------------------


def test_the_needs_list_filters_and_exports(world, login):
    admin = world.user("town_a_admin")
    served = need(world, item="招聘技术工人 20 名")
    services.match_create(
        actor=admin, need=served, resource=resource(world), matched_on=days_ago(9)
    )
    services.match_deliver(
        actor=admin, need=served, served_on=days_ago(2), beneficiaries=20, outcome="到岗 20 人"
    )
    need(world, kind="staff", item="子女暑期托管", category="living")
    client = login("town_a_admin")
    assert "子女暑期托管" not in client.get("/service-lists/?state=served").content.decode()
    assert "子女暑期托管" in client.get("/service-lists/?q=托管").content.decode()
    assert (
        "子女暑期托管"
        not in client.get(f"/service-lists/?region={world.town_b.code}").content.decode()
    )
    rows = table(client.get("/service-lists/export/?state=served"), "提出日期")
    header, data = rows[0], rows[1:]
    assert [row[header.index("需求内容")] for row in data] == ["招聘技术工人 20 名"]
    assert data[0][header.index("状态")] == "已服务"
    assert data[0][header.index("受益人数")] == 20


def test_the_events_and_activities_export(world, login):
    event(world, enterprises=[world.ent_a, world.ent_a2], posts=758, intentions=712, amount="12.5")
    client = login("town_a_admin")
    assert client.post("/service-lists/activities/new/", activity_data(world)).status_code == 302
    rows = table(client.get("/service-lists/events/export/"), "活动日期")
    header, data = rows[0], rows[1:]
    assert data[0][header.index("岗位（个）")] == 758
    assert data[0][header.index("达成意向（个）")] == 712
    assert data[0][header.index("金额（万元）")] == 12.5
    assert data[0][header.index("参加企业（家）")] == 2
    rows = table(client.get("/service-lists/activities/export/"), "活动日期")
    assert rows[1][rows[0].index("参加人数")] == 35
    assert rows[1][rows[0].index("活动地点")] == "川姜镇党群服务中心"


def test_the_lists_are_paginated(world, login):
    Need.objects.bulk_create(
        Need(
            region=world.town_a,
            requester_kind="staff",
            requester_name=f"职工{index}",
            item=f"需求{index:02d}",
            category="other",
            group="workers",
            received_on=days_ago(index),
        )
        for index in range(1, 31)
    )
    client = login("town_a_admin")
    first = client.get("/service-lists/").content.decode()
    assert "需求01" in first and "需求30" not in first and "第 1 / 2 页，共 30 条" in first
    second = client.get("/service-lists/?page=2").content.decode()
    assert "需求30" in second and "需求01" not in second
    assert "第 2 / 2 页" in client.get("/service-lists/?page=99").content.decode()

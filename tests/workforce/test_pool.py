"""The talent pool (党务人才库, WORK.md §4, issue 17): entries, placements at a 红色见面会
[L:丹东], the entry's state following its placements, the figures, the exports, the scope."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.workforce import selectors_pool as selectors
from liangxin.workforce.models_people import PartyWorker, Placement, PoolEntry, PoolState
from liangxin.workforce.services_pool import (
    placement_create,
    placement_record_outcome,
    pool_entry_create,
)

pytestmark = pytest.mark.django_db

D = datetime.date
EVENT = "2026年红色见面会"
MEETING_DAY = D(2026, 3, 15)


def entry(world, name="顾晓东", region=None, channel="internal", **extra):
    return pool_entry_create(
        actor=world.user("town_a_admin"),
        data={
            "name": name,
            "region": region or world.town_a,
            "channel": channel,
            "entered_on": D(2026, 1, 5),
            **extra,
        },
    )


def recommend(world, who, enterprise=None, day=MEETING_DAY, event=EVENT, **extra):
    return placement_create(
        actor=world.user("town_a_admin"),
        entry=who,
        data={
            "enterprise": enterprise or world.ent_a,
            "event": event,
            "recommended_on": day,
            **extra,
        },
    )


def sheet_rows(response) -> list[list]:
    """The data rows of an export: the title row and the header row skipped."""
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(rows) if row and row[0] == "姓名")
    return rows[header + 1 :]


class TestPlacementFlow:
    def test_the_first_placement_recommends_and_a_hire_appoints(self, world):
        who = entry(world)
        assert who.state == PoolState.RESERVE
        placed = recommend(world, who)
        who.refresh_from_db()
        assert who.state == PoolState.RECOMMENDED
        placement_record_outcome(
            actor=world.user("town_a_admin"), placement=placed, hired=True, in_management=False
        )
        who.refresh_from_db()
        assert who.state == PoolState.APPOINTED

    def test_management_without_a_hire_is_refused_with_the_constraints_message(self, world):
        placed = recommend(world, entry(world))
        with pytest.raises(ValidationError) as caught:
            placement_record_outcome(
                actor=world.user("town_a_admin"), placement=placed, hired=False, in_management=True
            )
        assert "未录用的人才不能进入管理层" in caught.value.messages
        placed.refresh_from_db()
        assert not placed.in_management

    def test_the_page_shows_the_message_as_a_form_error(self, world, login):
        placed = recommend(world, entry(world))
        url = reverse("instructors:pool-placement-outcome", args=[placed.pk])
        page = login("town_a_admin").post(url, {f"p{placed.pk}-in_management": "on"})
        assert page.status_code == 200
        assert "未录用的人才不能进入管理层" in page.content.decode()
        done = login("town_a_admin").post(
            url, {f"p{placed.pk}-hired": "on", f"p{placed.pk}-in_management": "on"}
        )
        assert done.status_code == 302
        placed.refresh_from_db()
        assert placed.hired and placed.in_management
        assert placed.entry.state == PoolState.APPOINTED

    def test_recommending_through_the_page(self, world, login):
        who = entry(world)
        url = reverse("instructors:pool-recommend", args=[who.pk])
        posted = login("town_a_admin").post(
            url, {"enterprise": world.ent_a.uscc, "event": EVENT, "recommended_on": "2026-03-15"}
        )
        assert posted.status_code == 302
        who.refresh_from_db()
        assert who.state == PoolState.RECOMMENDED
        assert who.placements.get().enterprise == world.ent_a

    def test_the_same_day_twice_to_the_same_firm_is_refused(self, world):
        who = entry(world)
        recommend(world, who)
        with pytest.raises(ValidationError) as caught:
            recommend(world, who)
        assert "该人才当天已推荐到该企业" in caught.value.messages

    def test_an_entry_marked_unavailable_is_not_recommended(self, world):
        with pytest.raises(ValidationError) as caught:
            recommend(world, entry(world, available=False))
        assert "该人才已标为不可推荐，请先修改入库信息" in caught.value.messages


class TestFigures:
    def test_figures_by_event_match_a_hand_count(self, world):
        # [L:丹东] 红色见面会: sent, hired, into management ("128 sent, 113 into management").
        people = [entry(world, name=f"人才{i}") for i in range(5)]
        placed = [recommend(world, who) for who in people]
        recommend(world, people[0], enterprise=world.ent_a2)  # the same person twice
        actor = world.user("town_a_admin")
        for placement in placed[:3]:
            placement_record_outcome(
                actor=actor, placement=placement, hired=True, in_management=False
            )
        for placement in placed[:2]:
            placement_record_outcome(
                actor=actor, placement=placement, hired=True, in_management=True
            )
        recommend(world, people[1], event="", day=D(2026, 5, 1))
        rows = {row["label"]: row for row in selectors.figures_by_event(user=actor)}
        meeting = rows[EVENT]
        assert (meeting["sent"], meeting["people"], meeting["hired"], meeting["managing"]) == (
            6,
            5,
            3,
            2,
        )
        assert rows["日常推荐"]["sent"] == 1

    def test_figures_by_channel_and_region(self, world):
        entry(world, name="甲", channel="internal")
        recommend(world, entry(world, name="乙", channel="external"))
        entry(world, name="丙", channel="external", region=world.grid_a)
        actor = world.user("town_a_admin")
        channels = {row["label"]: row for row in selectors.figures_by_channel(user=actor)}
        assert channels["内部选"]["entries"] == 1
        assert (channels["外部聘"]["entries"], channels["外部聘"]["sent"]) == (2, 1)
        assert channels["组织派"]["entries"] == 0
        rows = selectors.figures_by_region(user=actor, region=world.town_a)
        regions = {row["label"]: (row["entries"], row["sent"]) for row in rows}
        # The grid's entry rolls up into its 片区; the town's own entries are 本级.
        assert regions == {"川姜一片区": (1, 0), "川姜镇（本级）": (2, 1)}

    def test_the_figures_page_shows_the_events(self, world, login):
        recommend(world, entry(world))
        page = login("town_a_admin").get(reverse("instructors:pool-figures")).content.decode()
        assert EVENT in page and "推荐 1 人次（1 人），录用 0 人，进入管理层 0 人" in page
        district = login("district_admin").get(reverse("instructors:pool-figures"))
        assert (
            "按区域：示范区" in district.content.decode() and "川姜镇" in district.content.decode()
        )
        outside = login("town_b_admin").get(
            reverse("instructors:pool-figures"), {"region": world.town_a.code}
        )
        assert outside.status_code == 404


class TestListAndExports:
    def test_filters_by_channel_tier_state_and_initials(self, world, login):
        entry(world, name="顾晓东", channel="internal", tier="top10")
        recommend(world, entry(world, name="许文静", channel="external"))
        client = login("town_a_admin")
        url = reverse("instructors:pool")

        def names(**query):
            return client.get(url, query).content.decode()

        assert "顾晓东" in names(q="gxd") and "许文静" not in names(q="gxd")
        assert "许文静" in names(channel="external") and "顾晓东" not in names(channel="external")
        assert "顾晓东" in names(tier="top10") and "许文静" not in names(tier="top10")
        assert "许文静" in names(state="recommended") and "顾晓东" not in names(state="recommended")

    def test_the_exports_open_with_the_right_rows(self, world, login):
        entry(world, name="顾晓东", skills="党建品牌策划")
        placed = recommend(world, entry(world, name="许文静", channel="external"))
        placement_record_outcome(
            actor=world.user("town_a_admin"), placement=placed, hired=True, in_management=True
        )
        client = login("town_a_admin")
        entries = sheet_rows(client.get(reverse("instructors:pool-export")))
        assert [row[0] for row in entries] == ["顾晓东", "许文静"]
        assert entries[0][4] == "党建品牌策划" and entries[1][6] == "已任用"
        placements = sheet_rows(client.get(reverse("instructors:pool-placements-export")))
        assert len(placements) == 1
        assert placements[0][:4] == ["许文静", "外部聘", world.ent_a.name, EVENT]
        assert placements[0][5:7] == ["是", "是"]


class TestScopeAndInput:
    def test_another_towns_admin_gets_404(self, world, login):
        who = entry(world)
        placed = recommend(world, who)
        other = login("town_b_admin")
        assert other.get(reverse("instructors:pool-entry", args=[who.pk])).status_code == 404
        assert other.get(reverse("instructors:pool-edit", args=[who.pk])).status_code == 404
        outcome = reverse("instructors:pool-placement-outcome", args=[placed.pk])
        assert other.post(outcome, {f"p{placed.pk}-hired": "on"}).status_code == 404
        assert "顾晓东" not in other.get(reverse("instructors:pool")).content.decode()
        assert sheet_rows(other.get(reverse("instructors:pool-export"))) == []

    def test_a_region_or_enterprise_of_another_town_is_refused(self, world, login):
        with pytest.raises(ValidationError):
            entry(world, region=world.town_b)
        who = entry(world)
        with pytest.raises(ValidationError) as caught:
            recommend(world, who, enterprise=world.ent_b)
        assert "不存在或不在您的管辖范围内" in " ".join(caught.value.messages)
        page = login("town_a_admin").post(
            reverse("instructors:pool-recommend", args=[who.pk]),
            {"enterprise": world.ent_b.uscc, "recommended_on": "2026-03-15"},
        )
        assert "不存在或不在您的管辖范围内" in page.content.decode()
        assert not Placement.objects.exists()

    def test_oversized_skills_and_a_bad_date_are_told_in_chinese(self, world, login):
        page = login("town_a_admin").post(
            reverse("instructors:pool-create"),
            {
                "name": "顾晓东",
                "region": world.town_a.code,
                "channel": "internal",
                "skills": "党" * 301,
                "entered_on": "2026-13-40",
            },
        )
        text = page.content.decode()
        assert page.status_code == 200
        assert "确保该变量包含不超过 300 字符" in text
        assert "输入一个有效的日期" in text
        assert not PoolEntry.objects.exists()

    def test_a_secretary_cannot_write_the_pool(self, world, login):
        assert login("secretary").get(reverse("instructors:pool-create")).status_code == 403


class TestPages:
    def test_every_page_opens_for_the_town_and_read_only_for_the_leader(self, world, login):
        who = entry(world, tier="top100", skills="组织建设")
        recommend(world, who)
        pages = [
            reverse("instructors:pool"),
            reverse("instructors:pool-figures"),
            reverse("instructors:pool-entry", args=[who.pk]),
            reverse("instructors:pool-edit", args=[who.pk]),
            reverse("instructors:pool-create"),
        ]
        town = login("town_a_admin")
        for url in pages:
            assert town.get(url).status_code == 200, url
        detail = town.get(pages[2]).content.decode()
        assert "推荐到企业" in detail and "保存录用情况" in detail and EVENT in detail
        leader = login("leader")
        assert "保存录用情况" not in leader.get(pages[2]).content.decode()
        assert leader.get(pages[3]).status_code == 403
        recommend_url = reverse("instructors:pool-recommend", args=[who.pk])
        assert leader.post(recommend_url, {"enterprise": world.ent_a.uscc}).status_code == 403

    def test_available_and_region_filters(self, world, login):
        entry(world, name="顾晓东", available=False)
        entry(world, name="许文静", region=world.grid_a)
        client = login("town_a_admin")
        url = reverse("instructors:pool")
        unavailable = client.get(url, {"available": "no"}).content.decode()
        assert "顾晓东" in unavailable and "许文静" not in unavailable
        in_grid = client.get(url, {"region": "川姜一网格"}).content.decode()
        assert "许文静" in in_grid and "顾晓东" not in in_grid
        # A region takes in what lies under it: the 片区 holds the grid's entry.
        in_area = client.get(url, {"region": world.area_a.code}).content.decode()
        assert "许文静" in in_area and "顾晓东" not in in_area
        assert "暂无入库人才" in client.get(url, {"region": "开发区"}).content.decode()

    def test_editing_an_entry(self, world, login):
        who = entry(world)
        posted = login("town_a_admin").post(
            reverse("instructors:pool-edit", args=[who.pk]),
            {
                "name": "顾晓东",
                "region": world.grid_a.code,
                "channel": "assigned",
                "tier": "top10",
                "skills": "党建品牌",
                "available": "on",
                "entered_on": "2026-01-05",
            },
        )
        assert posted.status_code == 302
        who.refresh_from_db()
        assert (who.region, who.channel, who.tier) == (world.grid_a, "assigned", "top10")


def test_an_entry_links_a_party_worker_of_the_scope_through_the_picker(world, login):
    ours = PartyWorker.objects.create(
        name="陈静", role="full_time", region=world.town_a, started_on=D(2020, 1, 1)
    )
    theirs = PartyWorker.objects.create(
        name="陈刚", role="full_time", region=world.town_b, started_on=D(2020, 1, 1)
    )
    client = login("town_a_admin")
    found = client.get(reverse("picker", args=["party_workers"]), {"q": "陈"}).json()
    assert [option["value"] for option in found] == [str(ours.pk)]
    data = {"name": "陈静", "region": world.town_a.code, "channel": "internal",
            "available": "on", "entered_on": "2026-01-05"}  # fmt: skip
    refused = client.post(reverse("instructors:pool-create"), {**data, "worker": theirs.pk})
    assert "不存在或不在您的管辖范围内" in refused.content.decode()
    assert (
        client.post(reverse("instructors:pool-create"), {**data, "worker": ours.pk}).status_code
        == 302
    )
    assert PoolEntry.objects.get().worker == ours

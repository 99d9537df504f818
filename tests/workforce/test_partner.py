"""Partner groups (先锋工匠/党建合伙人, WORK.md §4, issue 17): "[L:张家港] 先锋工匠每人带领10–20名
书记（2017年起）" with four shared tasks (党建课题, 党建项目, 党建品牌, 党员骨干). The size is a
configurable rule whose breach is a warning (the group is being formed), not a refusal."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from liangxin.rules.values import rule_set
from liangxin.workforce import selectors_pool as selectors
from liangxin.workforce.models_people import PartnerGroup, PartnerTask, PartyWorker
from liangxin.workforce.services_pool import (
    partner_group_create,
    partner_member_add,
    partner_task_create,
    partner_task_update,
    pool_entry_create,
)
from tests.clients import expect

pytestmark = pytest.mark.django_db

YEAR = 2026
SOURCE = "[L:张家港] 先锋工匠每人带领10–20名书记（2017年起）"


def worker(name, region, role="secretary", **extra) -> PartyWorker:
    return PartyWorker.objects.create(
        name=name, role=role, region=region, started_on=datetime.date(2020, 1, 1), **extra
    )


def craftsman(world, name="陈静", region=None) -> PartyWorker:
    return worker(
        name, region or world.town_a, role="full_time", full_time=True, pioneer_craftsman=True
    )


def group(world, leader=None, year=YEAR, name="陈静先锋工匠小组") -> PartnerGroup:
    return partner_group_create(
        actor=world.user("town_a_admin"),
        data={"name": name, "leader": leader or craftsman(world), "year": year},
    )


def with_members(world, made: PartnerGroup, count: int) -> PartnerGroup:
    secretaries = [worker(f"书记{i:02d}", world.grid_a) for i in range(count)]
    for secretary in secretaries:
        partner_member_add(actor=world.user("town_a_admin"), group=made, worker=secretary)
    return made


def messages_of(caught) -> str:
    return " ".join(caught.value.messages)


class TestSize:
    @pytest.mark.parametrize(
        ("size", "warned"), [(9, "少于 10 人"), (10, ""), (20, ""), (21, "多于 20 人")]
    )
    def test_the_boundaries_of_10_to_20_warn_outside_only(self, world, login, size, warned):
        # [L:张家港] 先锋工匠每人带领10–20名书记（2017年起）: 9 and 21 warn, 10 and 20 do not.
        made = with_members(world, group(world), size)
        client = login("town_a_admin")
        detail = client.get(reverse("instructors:partner", args=[made.pk])).content.decode()
        listing = client.get(reverse("instructors:partners"), {"year": YEAR}).content.decode()
        if warned:
            expected = f"结对书记 {size} 人，{warned}（{SOURCE}）"
            assert expected in detail and expected in listing
        else:
            assert "size-warning" not in detail and "少于" not in listing and "多于" not in listing
        assert made.members.count() == size  # a warning, never a refusal

    def test_the_range_is_the_districts_rule(self, world):
        # The rule is configurable (rules_pool.py, source as above): a district allowing 5–8.
        rule_set(actor=world.user("district_admin"), key="workforce.partner_group_min", value=5)
        rule_set(actor=world.user("district_admin"), key="workforce.partner_group_max", value=8)
        rule = selectors.size_rule()
        assert (rule.warning(5), rule.warning(8)) == ("", "")
        assert "少于 5 人" in rule.warning(4) and "多于 8 人" in rule.warning(9)

    def test_the_rules_page_lists_the_range_with_its_source(self, login):
        page = login("district_admin").get(reverse("rules:list")).content.decode()
        assert "党建合伙人小组结对书记人数（下限）" in page and SOURCE in page


class TestMembers:
    def test_the_leader_cannot_join_their_own_group(self, world, login):
        leader = worker("陈静", world.town_a)  # a secretary who is also the group's 先锋工匠
        made = group(world, leader=leader)
        with pytest.raises(ValidationError) as caught:
            partner_member_add(actor=world.user("town_a_admin"), group=made, worker=leader)
        assert "先锋工匠不能作为本人所带小组的成员" in messages_of(caught)
        page = login("town_a_admin").post(
            reverse("instructors:partner-member-add", args=[made.pk]), {"worker": leader.pk}
        )
        assert "先锋工匠不能作为本人所带小组的成员" in page.content.decode()
        assert not made.members.exists()

    def test_a_secretary_in_two_groups_of_the_same_year_is_refused(self, world, login):
        secretary = worker("林晓红", world.grid_a)
        first = group(world)
        second = group(world, leader=craftsman(world, "王磊"), name="王磊先锋工匠小组")
        actor = world.user("town_a_admin")
        partner_member_add(actor=actor, group=first, worker=secretary)
        with pytest.raises(ValidationError) as caught:
            partner_member_add(actor=actor, group=second, worker=secretary)
        assert "林晓红已是2026年度小组“陈静先锋工匠小组”的成员" in messages_of(caught)
        page = login("town_a_admin").post(
            reverse("instructors:partner-member-add", args=[second.pk]), {"worker": secretary.pk}
        )
        assert "林晓红已是2026年度小组“陈静先锋工匠小组”的成员" in page.content.decode()
        assert not second.members.exists()
        # Another year is another pairing: allowed.
        later = group(world, leader=first.leader, year=YEAR + 1, name="次年小组")
        partner_member_add(actor=actor, group=later, worker=secretary)
        assert later.members.get() == secretary

    def test_only_secretaries_and_deputies_join(self, world):
        staff = worker("周敏", world.town_a, role="full_time")
        deputy = worker("吴婷", world.town_a, role="deputy")
        made = group(world)
        actor = world.user("town_a_admin")
        with pytest.raises(ValidationError) as caught:
            partner_member_add(actor=actor, group=made, worker=staff)
        assert "周敏不是书记或专职副书记" in messages_of(caught)
        partner_member_add(actor=actor, group=made, worker=deputy)
        assert list(made.members.all()) == [deputy]

    def test_removing_a_member(self, world, login):
        made = with_members(world, group(world), 2)
        gone = made.members.first()
        url = reverse("instructors:partner-member-remove", args=[made.pk, gone.pk])
        assert login("town_a_admin").post(url).status_code == 302
        assert made.members.count() == 1 and gone not in made.members.all()


class TestTasks:
    def test_a_missing_kind_is_shown_as_missing(self, world, login):
        made = group(world)
        actor = world.user("town_a_admin")
        partner_task_create(
            actor=actor, group=made, data={"kind": "research", "title": "融合课题", "progress": 40}
        )
        page = login("town_a_admin").get(reverse("instructors:partner", args=[made.pk]))
        assert "缺少任务：党建项目、党建品牌、党员骨干" in page.content.decode()
        assert selectors.missing_kinds(made) == ["党建项目", "党建品牌", "党员骨干"]

    def test_progress_over_100_is_told_in_chinese(self, world, login):
        made = group(world)
        actor = world.user("town_a_admin")
        task = partner_task_create(
            actor=actor, group=made, data={"kind": "brand", "title": "匠心向党", "progress": 10}
        )
        with pytest.raises(ValidationError) as caught:
            partner_task_update(actor=actor, task=task, data={"progress": 101})
        assert "进度应在0到100之间" in messages_of(caught)
        page = login("town_a_admin").post(
            reverse("instructors:partner-task", args=[task.pk]),
            {f"t{task.pk}-kind": "brand", f"t{task.pk}-title": "匠心向党",
             f"t{task.pk}-progress": "101", f"t{task.pk}-evidence": "x" * 501},
        )  # fmt: skip
        text = page.content.decode()
        assert "进度应在0到100之间" in text and "确保该变量包含不超过 500 字符" in text
        task.refresh_from_db()
        assert task.progress == 10

    def test_updating_progress_through_the_page(self, world, login):
        made = group(world)
        task = partner_task_create(
            actor=world.user("town_a_admin"),
            group=made,
            data={"kind": "project", "title": "传帮带项目", "progress": 0},
        )
        posted = login("town_a_admin").post(
            reverse("instructors:partner-task", args=[task.pk]),
            {f"t{task.pk}-kind": "project", f"t{task.pk}-title": "传帮带项目",
             f"t{task.pk}-progress": "70", f"t{task.pk}-evidence": "已开班2期"},
        )  # fmt: skip
        assert posted.status_code == 302
        task.refresh_from_db()
        assert (task.progress, task.evidence) == (70, "已开班2期")


class TestScope:
    def test_another_towns_admin_gets_404(self, world, login):
        made = with_members(world, group(world), 1)
        task = PartnerTask.objects.create(group=made, kind="brand", title="品牌", progress=5)
        other = login("town_b_admin")
        assert other.get(reverse("instructors:partner", args=[made.pk])).status_code == 404
        add = reverse("instructors:partner-member-add", args=[made.pk])
        assert other.post(add, {"worker": 1}).status_code == 404
        update = reverse("instructors:partner-task", args=[task.pk])
        assert other.post(update, {f"t{task.pk}-progress": "90"}).status_code == 404
        assert "陈静先锋工匠小组" not in other.get(reverse("instructors:partners")).content.decode()
        task.refresh_from_db()
        assert task.progress == 5

    def test_workers_of_another_town_are_refused(self, world, login):
        actor = world.user("town_a_admin")
        with pytest.raises(ValidationError) as caught:
            group(world, leader=craftsman(world, "外镇工匠", region=world.town_b))
        assert "不存在或不在您的管辖范围内" in messages_of(caught)
        made = group(world)
        stranger = worker("开发区书记", world.grid_b)
        with pytest.raises(ValidationError):
            partner_member_add(actor=actor, group=made, worker=stranger)
        page = login("town_a_admin").post(
            reverse("instructors:partner-member-add", args=[made.pk]), {"worker": stranger.pk}
        )
        assert "不在您的管辖范围内" in page.content.decode()
        assert not made.members.exists()

    def test_creating_a_group_through_the_page(self, world, login):
        leader = craftsman(world)
        posted = login("town_a_admin").post(
            reverse("instructors:partner-create"),
            {"name": "新小组", "year": str(YEAR), "leader": leader.pk, "region": ""},
        )
        assert posted.status_code == 302
        made = PartnerGroup.objects.get()
        assert (made.leader, made.region, made.year) == (leader, world.town_a, YEAR)
        again = login("town_a_admin").post(
            reverse("instructors:partner-create"),
            {"name": "再建", "year": str(YEAR), "leader": leader.pk},
        )
        assert "该先锋工匠本年度已带领一个小组" in again.content.decode()
        stranger = craftsman(world, "外镇工匠", region=world.town_b)
        refused = login("town_a_admin").post(
            reverse("instructors:partner-create"),
            {"name": "外镇小组", "year": str(YEAR), "leader": stranger.pk},
        )
        assert f"党务工作者“{stranger.pk}”不存在或不在您的管辖范围内" in refused.content.decode()
        assert PartnerGroup.objects.count() == 1


def test_the_export_opens_with_one_row_a_group(world, login):
    made = with_members(world, group(world), 9)
    PartnerTask.objects.create(group=made, kind="research", title="课题", progress=60)
    group(world, leader=craftsman(world, "王磊"), name="王磊小组", year=YEAR - 1)
    response = login("town_a_admin").get(reverse("instructors:partners-export"), {"year": YEAR})
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    header = next(i for i, row in enumerate(rows) if row and row[0] == "年度")
    data = rows[header + 1 :]
    assert len(data) == 1
    row = data[0]
    assert row[1:5] == ["陈静先锋工匠小组", "陈静", "川姜镇", 9]
    assert "少于 10 人" in row[5]
    assert row[6:10] == ["60%", "缺", "缺", "缺"]


def test_the_groups_pages_open_and_the_leader_only_reads(world, login):
    made = with_members(world, group(world), 1)
    town, leader = login("town_a_admin"), login("leader")
    for url in (reverse("instructors:partners"), reverse("instructors:partner-create")):
        assert town.get(url).status_code == 200
    assert "加入小组" in town.get(reverse("instructors:partner", args=[made.pk])).content.decode()
    page = leader.get(reverse("instructors:partner", args=[made.pk]))
    assert page.status_code == 200 and "加入小组" not in page.content.decode()
    assert leader.get(reverse("instructors:partner-create")).status_code == 403
    add = reverse("instructors:partner-member-add", args=[made.pk])
    assert leader.post(add, {"worker": made.members.get().pk}).status_code == 403


def test_every_persona_gets_the_record_pages_or_404(world, statuses):
    """ARCHITECTURE.md example 9: the town's group and pool entry are the town's (and the
    district's) — the other town, the outsider, an enterprise secretary and an instructor
    (whose scope is their enterprises) get 404; the administrators 403."""
    made = with_members(world, group(world), 1)
    entry = pool_entry_create(
        actor=world.user("town_a_admin"),
        data={"name": "顾晓东", "region": world.town_a, "channel": "internal",
              "entered_on": datetime.date(2026, 1, 5)},
    )  # fmt: skip
    wanted = expect(
        404, district_admin=200, town_a_admin=200, leader=200, system_admin=403, audit_admin=403
    )
    for url in (
        reverse("instructors:partner", args=[made.pk]),
        reverse("instructors:pool-entry", args=[entry.pk]),
    ):
        assert statuses(url) == wanted, url

"""Alliances (WORK.md §6): members, the rotating chair by period (a warning and a to-do
when today falls in no term: 未设轮值主席), and 联席会议 due every quarter by rule
(`cobuilding.joint_meeting_months` = 3, [L: 某商会党总支] 联席会议每季度一次)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liangxin.cobuilding import selectors, services
from liangxin.cobuilding.models import Alliance, MemberRole
from liangxin.cobuilding.rules import JOINT_MEETING_MONTHS
from liangxin.core.home import todos_for
from liangxin.rules.values import rule_value

pytestmark = pytest.mark.django_db


def member(world, alliance, organization=None, enterprise=None, role=MemberRole.ROTATING):
    return services.member_add(
        actor=world.user("town_a_admin"),
        alliance=alliance,
        organization=organization,
        enterprise=enterprise,
        role=role,
        joined_on=datetime.date(2024, 3, 1),
    )


def todo_names(user, key) -> list[str]:
    found = {due.todo.key: due for due in todos_for(user)}
    return [a.name for a in found[key].items] if key in found else []


def test_the_quarterly_rule_cites_its_source():
    from liangxin.cobuilding.rules import RULES

    assert rule_value(JOINT_MEETING_MONTHS) == 3
    assert "[L: 某商会党总支] 联席会议每季度一次" in RULES[0].source


def test_no_chair_today_is_a_warning_and_a_todo(world, records, login):
    a1 = records.a1
    today = timezone.localdate()
    chair = member(world, a1, organization=world.org_a)
    assert todo_names(world.user("town_a_admin"), "cobuilding_no_chair") == [a1.name]
    # Town B's to-do lists its own alliance only; the leader (read only) has none.
    assert todo_names(world.user("town_b_admin"), "cobuilding_no_chair") == [records.b1.name]
    assert todo_names(world.user("leader"), "cobuilding_no_chair") == []

    services.chair_term_add(
        actor=world.user("town_a_admin"),
        alliance=a1,
        chair=chair,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
    )
    assert todo_names(world.user("town_a_admin"), "cobuilding_no_chair") == []
    page = login("town_a_admin").get(f"/cobuilding/alliances/{a1.pk}/").content.decode()
    assert "未设轮值主席：" not in page and world.org_a.name in page
    # The term ends: the warning is back the day after.
    later = today + datetime.timedelta(days=61)
    assert a1 in selectors.alliances_without_chair(later)


def test_chair_terms_do_not_overlap_and_are_members(world, records, login):
    a1, b1 = records.a1, records.b1
    chair = member(world, a1, organization=world.org_a)
    actor = world.user("district_admin")
    services.chair_term_add(
        actor=actor,
        alliance=a1,
        chair=chair,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 6, 30),
    )
    with pytest.raises(ValidationError, match="重叠"):
        services.chair_term_add(
            actor=actor,
            alliance=a1,
            chair=chair,
            starts_on=datetime.date(2025, 6, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
    other = services.member_add(
        actor=actor, alliance=b1, organization=world.org_b, role="rotating",
        joined_on=datetime.date(2024, 3, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="本联盟成员"):
        services.chair_term_add(
            actor=actor,
            alliance=a1,
            chair=other,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 6, 30),
        )
    url = f"/cobuilding/alliances/{a1.pk}/chairs/new/"
    bad = {"chair": chair.pk, "starts_on": "2026-07-01", "ends_on": "2026-01-01"}
    assert "任期结束不能早于任期开始" in login("town_a_admin").post(url, bad).content.decode()
    outsider_choice = {"chair": other.pk, "starts_on": "2026-01-01", "ends_on": "2026-06-30"}
    response = login("town_a_admin").post(url, outsider_choice)
    assert "选择一个有效的选项" in response.content.decode() or "有效" in response.content.decode()
    assert a1.chair_terms.count() == 1


def test_members_unique_and_a_page_form(world, records, login):
    client = login("town_a_admin")
    url = f"/cobuilding/alliances/{records.a1.pk}/members/new/"
    data = {"organization": world.org_a.code, "role": "lead", "joined_on": "2024-03-01"}
    assert client.post(url, data).status_code == 302
    assert "该党组织已是联盟成员" in client.post(url, data).content.decode()
    assert (
        "请选择成员党组织或成员企业"
        in client.post(url, {**data, "organization": ""}).content.decode()
    )
    out = {**data, "organization": world.org_b.code}
    assert "不存在或不在您的管辖范围内" in client.post(url, out).content.decode()
    assert records.a1.members.count() == 1


def test_a_meeting_is_due_each_quarter(world, records):
    actor = world.user("town_a_admin")
    today = timezone.localdate()
    assert records.a1.name in todo_names(actor, "cobuilding_meeting_due")
    services.meeting_record(
        actor=actor,
        alliance=records.a1,
        held_on=today - datetime.timedelta(days=40),
        topic="季度联席会议",
        participants=5,
    )
    assert todo_names(actor, "cobuilding_meeting_due") == []
    # Four months on, the quarter has passed without one.
    later = today + datetime.timedelta(days=100)
    assert records.a1 in selectors.alliances_meeting_due(later)
    # An alliance founded within the last quarter is not yet due.
    young = services.alliance_save(
        actor=actor, kind=records.a1.kind, name="新联盟", region=world.town_a,
        founded_on=today - datetime.timedelta(days=10),
    )  # fmt: skip
    assert young not in selectors.alliances_meeting_due()


def test_months_back_keeps_the_month_end():
    assert selectors.months_back(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 2, 28)
    assert selectors.months_back(datetime.date(2026, 2, 15), 3) == datetime.date(2025, 11, 15)


def test_the_todo_items_open_and_writes_are_audited(world, records, login):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    due = {d.todo.key: d for d in todos_for(world.user("town_a_admin"))}
    for key in ("cobuilding_no_chair", "cobuilding_meeting_due"):
        item = due[key].items.get()
        assert login("town_a_admin").get(due[key].todo.item_url(item)).status_code == 200
    kinds = ContentType.objects.get_for_models(Alliance, records.p1.__class__).values()
    assert LogEntry.objects.filter(content_type__in=kinds).count() >= 2

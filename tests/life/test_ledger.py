"""The ``meetings`` ledger kind: meeting records kept in Excel come in (DOMAIN.md §5)."""

import datetime
import io

import pytest
import python_calamine
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from liangxin.core.roles import can_edit
from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.kinds import all_kinds
from liangxin.life import services
from liangxin.life.models import Attendance, Meeting, MeetingKind, Presence
from liangxin.life.services import SheetLine
from tests.ledger.helpers import csv_bytes, errors, run, xlsx_bytes
from tests.ledger.test_web import sheet_rows

pytestmark = pytest.mark.django_db

HEADERS = [
    "党组织编码",
    "会议类型",
    "召开日期",
    "主题",
    "地点",
    "主持人",
    "记录人",
    "讲课人",
    "学习形式",
    "第一议题",
    "应到人数",
    "实到人数",
    "请假人数",
    "内容",
]
# The export adds the 活动阵地 at the end (issue 19); the headers before it do not move.
EXPORT_HEADERS = [*HEADERS, "活动阵地"]
DAY = datetime.date(2026, 3, 15)


def row(org="ORG-A", kind="主题党日", day="2026-03-15", topic="学习党章", **cells) -> list:
    values = {
        "党组织编码": org,
        "会议类型": kind,
        "召开日期": day,
        "主题": topic,
        "地点": "党员活动室",
        "主持人": "张书记",
        "记录人": "李委员",
        "讲课人": "",
        "学习形式": "",
        "第一议题": "是",
        "应到人数": 12,
        "实到人数": 10,
        "请假人数": 1,
        "内容": "集中学习党章第一章",
    } | cells
    return [values[header] for header in HEADERS]


def import_as(world, persona, *rows, name="meetings.csv", **options):
    data = (xlsx_bytes if name.endswith("xlsx") else csv_bytes)([HEADERS, *rows])
    return run("meetings", data, user=world.user(persona), name=name, **options)


def test_the_kind_is_listed_and_imported_by_those_who_edit_organizations(world):
    assert all_kinds()["meetings"].label == "会议活动"
    assert can_edit(world.user("secretary"), "meetings")
    assert not can_edit(world.user("leader"), "meetings")


def test_good_rows_create_held_meetings_with_their_counts(world):
    result = import_as(
        world,
        "secretary",
        row(day=DAY),
        row(kind="支委会", topic="研究发展党员", **{"应到人数": 5, "实到人数": 3, "请假人数": 2}),
        row(kind="党员大会", topic="接收预备党员", **{"第一议题": "否"}),
        name="meetings.xlsx",
    )
    assert (result.written, result.created, result.bad) == (True, 3, 0)
    theme_day = Meeting.objects.get(kind=MeetingKind.THEME_DAY)
    assert (theme_day.organization, theme_day.held_on, theme_day.status) == (
        world.org_a,
        DAY,
        "held",
    )
    assert (theme_day.expected_count, theme_day.present_count) == (12, 10)
    assert (theme_day.excused_count, theme_day.absent_count) == (1, 1)
    assert theme_day.first_topic and theme_day.quorate is None
    assert theme_day.created_by == world.user("secretary")
    # A 支委会: every committee member votes, so the quorum is judged (3 of 5).
    committee = Meeting.objects.get(kind=MeetingKind.COMMITTEE)
    assert (committee.voters_expected, committee.voters_present, committee.quorate) == (5, 3, True)
    # A 党员大会: who votes is not in the counts; the quorum stays unknown.
    assembly = Meeting.objects.get(kind=MeetingKind.GENERAL_ASSEMBLY)
    assert (assembly.voters_expected, assembly.quorate) == (0, None)
    assert LogEntry.objects.get_for_object(theme_day).exists()


def test_a_row_with_the_same_key_updates_the_meeting(world):
    import_as(world, "secretary", row())
    result = import_as(world, "secretary", row(**{"地点": "车间", "实到人数": 11}))
    assert (result.created, result.updated) == (0, 1)
    meeting = Meeting.objects.get()
    assert (meeting.place, meeting.present_count, meeting.absent_count) == ("车间", 11, 0)
    assert import_as(world, "secretary", row(**{"地点": "车间", "实到人数": 11})).unchanged == 1


def test_bad_rows_are_each_reported_and_nothing_is_written(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    result = import_as(
        world,
        "town_a_admin",
        row(),  # good
        row(org="NO-SUCH", topic="甲"),
        row(org="ORG-B", topic="乙"),  # 开发区: outside 川姜镇
        row(kind="座谈会", topic="丙"),
        row(day=tomorrow.isoformat(), topic="丁"),
        row(topic="戊", **{"实到人数": 13}),
        row(topic="己", **{"请假人数": 3}),
        row(),  # the first row again
        row(topic="长" * 201),
    )
    assert not result.written and not Meeting.objects.exists()
    assert errors(result) == [
        (3, "党组织编码", "党组织不存在或不在您的管辖范围内"),
        (4, "党组织编码", "党组织不存在或不在您的管辖范围内"),
        (
            5,
            "会议类型",
            "应为以下之一：党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员",
        ),
        (6, "召开日期", "召开日期不能晚于今天"),
        (7, "实到人数", "实到人数不能超过应到人数"),
        (8, "请假人数", "请假人数不能超过应到人数减实到人数（2）"),
        (9, "党组织编码", "与第 2 行重复"),
        (10, "主题", "内容过长（201 个字符，最多 200）"),
    ]
    assert result.bad_rows[2].errors[0].value == "座谈会"


def test_a_meeting_with_a_sign_in_sheet_keeps_its_counts(world):
    meeting = services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={"kind": MeetingKind.THEME_DAY, "held_on": DAY, "topic": "学习党章"},
        sheet=[SheetLine(world.member_a, Presence.PRESENT)],
    )
    same = {"应到人数": 1, "实到人数": 1, "请假人数": 0, "地点": "新地点"}
    assert import_as(world, "secretary", row(**same)).updated == 1
    meeting.refresh_from_db()
    assert (meeting.place, meeting.present_count) == ("新地点", 1)

    result = import_as(world, "secretary", row(**(same | {"应到人数": 5})))
    assert errors(result) == [
        (2, "应到人数", "这次会议已按签到表记录出席情况，人数由签到表计算，不能在台账中修改")
    ]
    assert Attendance.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reimports_unchanged(world, fmt):
    import_as(world, "secretary", row(), row(kind="支委会", topic="研究发展党员"))
    services.meeting_record(
        actor=world.user("secretary"),
        organization=world.org_a,
        data={
            "kind": MeetingKind.GENERAL_ASSEMBLY,
            "held_on": DAY,
            "topic": "=党员大会",  # a formula-looking text survives the round trip
            "content": "纪要" * 800,  # longer than an ordinary cell
        },
        sheet=[SheetLine(world.member_a, Presence.PRESENT)],
    )
    stream = io.BytesIO()
    ctx = ImportContext(user=world.user("secretary"))
    assert export_ledger("meetings", stream, ctx, fmt=fmt) == 3
    result = run("meetings", stream.getvalue(), user=world.user("secretary"), name=f"m.{fmt}")
    assert (result.created, result.updated, result.unchanged, result.bad) == (0, 0, 3, 0)


def test_the_export_shows_only_meetings_in_scope(world):
    import_as(world, "district_admin", row(), row(org="ORG-B"))
    stream = io.BytesIO()
    ctx = ImportContext(user=world.user("town_b_admin"))
    assert export_ledger("meetings", stream, ctx, fmt="csv") == 1
    assert "ORG-B" in stream.getvalue().decode("utf-8-sig")
    assert "ORG-A" not in stream.getvalue().decode("utf-8-sig")


def test_the_ledger_page_exports_the_meetings_the_list_filters(world, login):
    import_as(world, "district_admin", row(), row(kind="支委会", topic="研究发展党员"))
    import_as(world, "district_admin", row(org="ORG-B"))
    client = login("town_a_admin")
    assert "会议活动" in client.get(reverse("ledger:home")).content.decode()
    response = client.get(reverse("ledger:export", args=["meetings"]), {"kind": "committee"})
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    assert rows[0] == EXPORT_HEADERS
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [("ORG-A", "支委会", "研究发展党员")]
    result = run("meetings", response.content, user=world.user("town_a_admin"), name="m.xlsx")
    assert (result.unchanged, result.created, result.updated, result.bad) == (1, 0, 0, 0)


def test_the_template_explains_the_key_and_the_formats(login):
    data = login("secretary").get(reverse("ledger:template", args=["meetings"])).content
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    guide = {row[0]: row for row in book.get_sheet_by_name("填写说明").to_python() if row[0]}
    assert guide["党组织编码"][4].startswith("唯一标识：党组织编码、会议类型、召开日期和主题")
    assert guide["召开日期"][2].startswith("日期：") and "不能晚于今天" in guide["召开日期"][2]
    assert (
        guide["会议类型"][3]
        == "党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员"
    )
    assert guide["内容"][2] == "文本，最多 5000 个字符"


def test_a_key_naming_two_meetings_or_a_cancelled_one_is_not_guessed(world):
    same = {"organization": world.org_a, "kind": MeetingKind.THEME_DAY, "topic": "学习党章"}
    Meeting.objects.create(**same, held_on=DAY)
    Meeting.objects.create(**same, held_on=DAY)
    Meeting.objects.create(
        **same | {"topic": "停电"}, held_on=DAY, status="cancelled", cancel_reason="停电"
    )
    result = import_as(world, "secretary", row(), row(topic="停电"))
    assert [(number, header) for number, header, _ in errors(result)] == [(2, "主题"), (3, "主题")]
    assert "无法确定更新哪一条" in errors(result)[0][2]
    assert "计划或已取消" in errors(result)[1][2]
    assert Meeting.objects.filter(status="cancelled").count() == 1


def test_the_export_names_the_place_on_record_and_reimports_unchanged(world, login):
    from liangxin.organizations.models import PartyStation

    import_as(world, "district_admin", row(), row(topic="别处的会"))
    station = PartyStation.objects.create(
        name="川姜镇党群服务中心", level="area", region=world.town_a
    )
    Meeting.objects.filter(topic="学习党章").update(station=station, place="三楼会议室")
    client = login("town_a_admin")
    response = client.get(reverse("ledger:export", args=["meetings"]))
    rows = sheet_rows(response.content)
    assert rows[0] == EXPORT_HEADERS
    by_topic = {r[3]: (r[4], r[-1]) for r in rows[1:]}
    assert by_topic == {
        "学习党章": ("三楼会议室", "川姜镇党群服务中心"),
        "别处的会": ("党员活动室", ""),
    }
    result = run("meetings", response.content, user=world.user("town_a_admin"), name="m.xlsx")
    assert (result.unchanged, result.created, result.updated, result.bad) == (2, 0, 0, 0)
    assert Meeting.objects.get(topic="学习党章").station == station

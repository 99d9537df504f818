"""meetings: the meeting records branches already keep in Excel (三会一课, 主题党日 …).

Key: 党组织编码 + 会议类型 + 召开日期 + 主题. One row per held meeting; a row whose key
names a meeting on record updates it. The organization must lie in the importer's scope.

The file carries counts, not the sign-in sheet: a meeting loaded here keeps 应到, 实到
and 请假 as typed (缺席 is what is left). Voters can only be told for a 支委会 (every
committee member votes), so its quorum is judged (支部工作条例 art. 12); a 党员大会's
voters depend on who is 预备 or excluded, which counts do not tell, so its quorum stays
unknown (NULL) until its sheet is entered on the page. A meeting whose sheet is on
record keeps the counts the sheet gives: the file may repeat them, not change them.
"""

from liangxin.core.formulas import restore
from liangxin.ledger import cells
from liangxin.ledger.bulk import in_batches
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.lookups import Reference
from liangxin.life import services
from liangxin.life.models import Attendance, Meeting, MeetingKind, MeetingStatus
from liangxin.organizations.models import PartyOrganization

ORG_HEADER = "党组织编码"
COUNT_FIELDS = ("expected_count", "present_count", "excused_count")
# Derived from the counts here (or from the sheet on the page), never typed.
DERIVED_FIELDS = ("absent_count", "voters_expected", "voters_present", "quorate")
PRESENT_OVER_EXPECTED = "实到人数不能超过应到人数"  # the model's constraint, same words
AMBIGUOUS = (
    "系统中已有不止一条党组织、会议类型、召开日期和主题都相同的会议，"
    "无法确定更新哪一条，请在页面上修改"
)
NOT_HELD = "系统中这次会议登记为计划或已取消，台账只记录已召开的会议，请在页面上修改"
SHEET_KEPT = "这次会议已按签到表记录出席情况，人数由签到表计算，不能在台账中修改"
# Minutes run longer than the shared cell limit (cells.MAX_CELL_CHARS); an Excel cell
# holds 32,767 characters.
CONTENT_MAX = 5000


def long_text(raw) -> str:
    """The 内容 cell: trimmed text up to CONTENT_MAX characters."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    value = restore(str(raw).strip())
    if len(value) > CONTENT_MAX:
        raise cells.CellError(f"内容过长（{len(value)} 个字符，最多 {CONTENT_MAX}）")
    return value


# A held meeting has happened; a planned one is entered on the page.
held_on_cell = cells.not_after_today(cells.date, "召开日期")


STATION_HEADER = "活动阵地"


def station_cell(raw) -> None:
    """The 活动阵地 column is the export's: whatever a file holds there is not read."""
    return None


class MeetingLedger(LedgerKind):
    name = "meetings"
    label = "会议活动"
    order = 80
    model = Meeting
    key_header = ORG_HEADER
    key_note = (
        "唯一标识：党组织编码、会议类型、召开日期和主题都与系统中已有的会议相同时更新该会议，"
        "否则新增"
    )
    # The export holds the held meetings of the list page's rows (its filters).
    list_view = "liangxin.life.views.MeetingListView"
    columns = (
        Column(ORG_HEADER, "organization_code", cells.bounded_text(32), required=True),
        Column("会议类型", "kind", cells.choice(MeetingKind), required=True, repeats=True),
        Column("召开日期", "held_on", held_on_cell, required=True),
        Column("主题", "topic", cells.bounded_text(200), required=True),
        Column("地点", "place", cells.bounded_text(200)),
        Column("主持人", "host", cells.bounded_text(50)),
        Column("记录人", "recorder", cells.bounded_text(50)),
        Column("讲课人", "lecturer", cells.bounded_text(50)),
        Column("学习形式", "study_form", cells.bounded_text(30), repeats=True),
        Column("第一议题", "first_topic", cells.yes_no, repeats=True),
        Column("应到人数", "expected_count", cells.whole_number, required=True, repeats=True),
        Column("实到人数", "present_count", cells.whole_number, required=True, repeats=True),
        Column("请假人数", "excused_count", cells.whole_number, repeats=True),
        Column("内容", "content", long_text),
        # Added at the end (the headers before it are the interface): the export names the
        # place on record; the import leaves the link alone (it is chosen on the form).
        Column(STATION_HEADER, "station_name", station_cell),
    )
    stored_fields = (
        "organization_id",
        "kind",
        "held_on",
        "topic",
        "place",
        "host",
        "recorder",
        "lecturer",
        "study_form",
        "first_topic",
        "content",
        *COUNT_FIELDS,
        *DERIVED_FIELDS,
    )
    references = (Reference(ORG_HEADER, PartyOrganization, "code", "organization", "党组织"),)
    # For the template's 填写说明 (ledger.templates_xlsx).
    cell_formats = {
        held_on_cell: (
            "日期：YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日，也可用 Excel 日期单元格；不能晚于今天",
            [],
        ),
        long_text: (f"文本，最多 {CONTENT_MAX} 个字符", []),
        station_cell: ("导出时为会议登记的活动阵地名称；导入时不读取（在会议登记页选择）", []),
    }
    defaults = {
        "place": "",
        "host": "",
        "recorder": "",
        "lecturer": "",
        "study_form": "",
        "first_topic": False,
        "excused_count": 0,
        "content": "",
    }

    def key_of(self, row: ParsedRow) -> str | None:
        values = row.values
        org, kind, day, topic = (
            values.get(n) for n in ("organization_code", "kind", "held_on", "topic")
        )
        if not (org and kind and day and topic):
            return None
        return f"{org}／{MeetingKind(kind).label}／{day:%Y-%m-%d}／{topic}"

    def repr_of(self, row: ParsedRow) -> str:
        values = row.values
        return (
            f"{values['held_on']:%Y-%m-%d} {MeetingKind(values['kind']).label}：{values['topic']}"
        )

    # --- checking -------------------------------------------------------------------

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        self.fill_defaults(rows)
        found = self.look_up(rows, ctx, ORG_HEADER)
        for row in rows:
            row.values["organization_id"] = found.get(row.values.get("organization_code"))
            self.count(row)
        self.match_meetings(rows)

    def count(self, row: ParsedRow) -> None:
        """Check the typed counts and derive the rest (DERIVED_FIELDS)."""
        values = row.values
        expected, present = values.get("expected_count"), values.get("present_count")
        # Left out of the file, 请假 is none: the counts typed are the whole picture.
        excused = values.setdefault("excused_count", 0) or 0
        if expected is None or present is None:
            return  # unreadable or empty: reported once already
        if present > expected:
            row.fail(self.column("实到人数"), present, PRESENT_OVER_EXPECTED)
            return
        if excused > expected - present:
            reason = f"请假人数不能超过应到人数减实到人数（{expected - present}）"
            row.fail(self.column("请假人数"), excused, reason)
            return
        values["absent_count"] = expected - present - excused
        values.update(self.quorum_values(values.get("kind"), expected, present))

    @staticmethod
    def quorum_values(kind, expected: int, present: int) -> dict:
        if kind != MeetingKind.COMMITTEE:
            # 党员大会: who votes is not in the counts; the others are not voted at.
            return {"voters_expected": 0, "voters_present": 0, "quorate": None}
        meeting = Meeting(kind=kind, expected_count=expected, present_count=present)
        meeting.voters_expected, meeting.voters_present = expected, present
        return {
            "voters_expected": expected,
            "voters_present": present,
            "quorate": services.quorum(meeting)[0],
        }

    def match_meetings(self, rows: list[ParsedRow]) -> None:
        """The meeting each row updates. Its organization is in scope, so the meeting is."""
        good = [row for row in rows if row.ok]
        if not good:
            return
        org_ids = sorted({row.values["organization_id"] for row in good})
        days = [row.values["held_on"] for row in good]
        # Only the file's span of days: an organization's other years stay unread.
        span = Meeting.objects.filter(held_on__range=(min(days), max(days)))
        on_record: dict = {}
        for batch in in_batches(org_ids):
            for meeting in span.filter(organization_id__in=batch):
                on_record.setdefault(self.record_key(meeting), []).append(meeting)
        with_sheet = self.meetings_with_sheet(on_record)
        for row in good:
            key = (row.values["organization_id"], row.values["kind"])
            key += (row.values["held_on"], row.values["topic"])
            self.match(row, on_record.get(key, []), with_sheet)

    @staticmethod
    def record_key(meeting: Meeting) -> tuple:
        return (meeting.organization_id, meeting.kind, meeting.held_on, meeting.topic)

    @staticmethod
    def meetings_with_sheet(on_record: dict) -> set:
        ids = sorted(m.pk for found in on_record.values() for m in found)
        with_sheet = set()
        for batch in in_batches(ids):
            rows = Attendance.objects.filter(meeting_id__in=batch)
            with_sheet.update(rows.values_list("meeting_id", flat=True).distinct())
        return with_sheet

    def match(self, row: ParsedRow, found: list, with_sheet: set) -> None:
        topic = self.column("主题")
        if len(found) > 1:
            row.fail(topic, row.values["topic"], AMBIGUOUS)
            return
        if not found:
            return
        meeting = found[0]
        if meeting.status != MeetingStatus.HELD:
            row.fail(topic, row.values["topic"], NOT_HELD)
            return
        row.existing = meeting
        if meeting.pk in with_sheet:
            self.keep_sheet_counts(row, meeting)

    def keep_sheet_counts(self, row: ParsedRow, meeting: Meeting) -> None:
        """The sheet decides the counts: a file repeating them is fine, changing them is not."""
        for name in COUNT_FIELDS:
            typed = row.values.get(name)
            if typed is not None and typed != getattr(meeting, name):
                header = next(c for c in self.columns if c.field == name)
                row.fail(header, typed, SHEET_KEPT)
                return
        for name in (*COUNT_FIELDS, *DERIVED_FIELDS):
            row.values.pop(name, None)

    # --- writing --------------------------------------------------------------------

    def write(self, created, updated, ctx):
        # Carried on the row, not the kind: one kind instance serves every import.
        for row in created:
            row.values["created_by_id"] = getattr(ctx.user, "pk", None)
        return super().write(created, updated, ctx)

    def build(self, row: ParsedRow):
        meeting = super().build(row)
        meeting.status = MeetingStatus.HELD
        meeting.created_by_id = row.values.get("created_by_id")
        return meeting

    # --- export ---------------------------------------------------------------------

    def export_queryset(self, ctx: ImportContext, region=None):
        queryset = ctx.scoped(
            Meeting.objects.filter(status=MeetingStatus.HELD).select_related(
                "organization", "station"
            )
        )
        if region is not None:
            queryset = queryset.filter(organization__region__path__startswith=region.path)
        return queryset.order_by("held_on", "id")

    def export_row(self, meeting: Meeting, *, reveal: bool = False) -> list:
        return [
            meeting.organization.code,
            meeting.get_kind_display(),
            meeting.held_on.isoformat(),
            meeting.topic,
            meeting.place,
            meeting.host,
            meeting.recorder,
            meeting.lecturer,
            meeting.study_form,
            "是" if meeting.first_topic else "否",
            meeting.expected_count,
            meeting.present_count,
            meeting.excused_count,
            meeting.content,
            meeting.station.name if meeting.station_id else "",
        ]


KINDS = [MeetingLedger()]

"""组织生活: the meetings an organization holds, who came, what was decided, and the
records that are not meetings (谈心谈话, 民主评议 results, 限期改正, 提示单).

Counts a meeting is judged by (应到, 实到, voters) are derived from its attendance by
``services.meeting_record`` and stored on the meeting, never typed: compliance and the
statistics aggregate them without opening the attendance.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from liangxin.core.attachments import Attachment
from liangxin.core.models import TimeStampedModel


class MeetingKind(models.TextChoices):
    """The meetings of 《中国共产党支部工作条例（试行）》 arts. 11–18."""

    GENERAL_ASSEMBLY = "general_assembly", "党员大会"
    COMMITTEE = "committee", "支委会"
    GROUP = "group", "党小组会"
    LECTURE = "lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    APPRAISAL = "appraisal", "民主评议党员"


# Meetings whose decisions are voted on (quorum and majority apply).
VOTING_KINDS = (MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


class Meeting(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD
    )
    held_on = models.DateField("召开日期")
    place = models.CharField("地点", max_length=200, blank=True, default="")
    # The place as a record (issue 19): the venues page and figures count a meeting here by
    # this link. SET_NULL, as servicelists.Activity.place: a place closed and deleted must
    # not be blocked by other organizations' meetings its deleter may not even see, and the
    # meeting keeps the place's name in ``place`` (filled from the station when blank).
    station = models.ForeignKey(
        "organizations.PartyStation",
        verbose_name="活动阵地",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    topic = models.CharField("主题", max_length=200)
    host = models.CharField("主持人", max_length=50, blank=True, default="")
    recorder = models.CharField("记录人", max_length=50, blank=True, default="")
    lecturer = models.CharField("讲课人", max_length=50, blank=True, default="")
    content = models.TextField("内容", blank=True, default="")
    study_form = models.CharField(
        "学习形式", max_length=30, blank=True, default="", help_text="如：车间微党课"
    )
    first_topic = models.BooleanField("第一议题", default=False)
    is_election = models.BooleanField("选举会议", default=False)
    guide = models.ForeignKey(
        "life.StudyGuide",
        verbose_name="提示单",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")
    # Derived from the attendance (services.meeting_record), never typed.
    expected_count = models.PositiveIntegerField("应到人数", default=0)
    present_count = models.PositiveIntegerField("实到人数", default=0)
    excused_count = models.PositiveIntegerField("请假人数", default=0)
    absent_count = models.PositiveIntegerField("缺席人数", default=0)
    voters_expected = models.PositiveIntegerField("应到会有表决权人数", default=0)
    voters_present = models.PositiveIntegerField("实到会有表决权人数", default=0)
    quorate = models.BooleanField("达到法定人数", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "会议活动"
        verbose_name_plural = "会议活动"
        ordering = ["-held_on", "-id"]
        indexes = [
            # Status before the date: the compliance counts read held meetings of a kind
            # in a date range for each organization from the index alone.
            models.Index(
                fields=["organization", "kind", "status", "held_on"],
                name="life_meeting_org_kind_held",
            ),
            models.Index(fields=["kind", "held_on"], name="life_meeting_kind_date"),
            # A place's meetings of a year (venues' figures). Partial: the meetings with no
            # place are found by organization; with every row in it, SQLite read the
            # year's unplaced meetings through it (province dataset: 3 s for one county).
            models.Index(
                fields=["station", "held_on"],
                name="life_meeting_station_date",
                condition=Q(station__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="life_meeting_cancel_reason",
                violation_error_message="取消的会议须说明原因",
            ),
            models.CheckConstraint(
                condition=Q(present_count__lte=models.F("expected_count")),
                name="life_meeting_present_le_expected",
                violation_error_message="实到人数不能超过应到人数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"


class Presence(models.TextChoices):
    PRESENT = "present", "出席"
    EXCUSED = "excused", "请假"
    ABSENT = "absent", "缺席"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.CASCADE, related_name="attendance"
    )
    presence = models.CharField("出席情况", max_length=10, choices=Presence.choices)
    reason = models.CharField("请假事由", max_length=200, blank=True, default="")
    # Derived at entry: a 预备党员, a member under 留党察看 or one excluded from the
    # quorum for the date does not vote (党章; 支部工作条例 art. 11).
    can_vote = models.BooleanField("有表决权", default=False)

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = "出席记录"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="life_attendance_unique",
                violation_error_message="同一党员在一次会议中只记录一次",
            ),
            models.CheckConstraint(
                condition=~Q(presence=Presence.EXCUSED) | ~Q(reason=""),
                name="life_attendance_excuse_reason",
                violation_error_message="请假须填写事由",
            ),
        ]
        indexes = [models.Index(fields=["member", "presence"], name="life_attendance_member")]

    def __str__(self) -> str:
        return f"{self.member.name}：{self.get_presence_display()}"


class Decision(models.Model):
    """A motion put to the vote at a 党员大会 or 支委会, with the votes and the outcome the
    rules give (services.decision_outcome)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.CharField("议题/决议", max_length=300)
    votes_for = models.PositiveIntegerField("赞成", default=0)
    votes_against = models.PositiveIntegerField("反对", default=0)
    votes_abstain = models.PositiveIntegerField("弃权", default=0)
    passed = models.BooleanField("通过", default=False)
    outcome_note = models.CharField("依据", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "表决事项"
        verbose_name_plural = "表决事项"

    def __str__(self) -> str:
        return f"{self.text}（{'通过' if self.passed else '未通过'}）"


class MeetingFile(Attachment):
    meeting = models.ForeignKey(
        Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="files"
    )

    class Meta:
        verbose_name = "会议附件"
        verbose_name_plural = "会议附件"


class ExclusionCategory(models.TextChoices):
    """Who is out of 应到会有表决权的党员 for a period (with approval): the 留党察看 of
    党章 art. 40, and the five categories of the 中组部 practice a 工委 procedure cites."""

    PROBATION_DISCIPLINE = "discipline", "受留党察看处分"
    ILLNESS = "illness", "因病不能表达意志"
    ABROAD = "abroad", "因私出国（境）半年以上"
    SENTENCE = "sentence", "正在服刑（保留党籍）"
    BEDRIDDEN = "bedridden", "年老体弱卧床不起"
    AWAY = "away", "外出半年以上且未转组织关系"


class QuorumExclusion(TimeStampedModel):
    member = models.ForeignKey(
        "members.Member",
        verbose_name="党员",
        on_delete=models.CASCADE,
        related_name="quorum_exclusions",
    )
    category = models.CharField("情形", max_length=12, choices=ExclusionCategory.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    approved_by = models.CharField("批准单位", max_length=100, blank=True, default="")
    document_no = models.CharField("文号", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "不计入应到会人数"
        verbose_name_plural = "不计入应到会人数"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="life_exclusion_dates",
                violation_error_message="结束日期不能早于开始日期",
            )
        ]


class StudyGuide(TimeStampedModel):
    """提示单: the theme of a month (or quarter) sent down to every organization in a
    region's subtree [L:丹东]; a meeting that took it up points at it."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="下发范围", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    theme = models.CharField("主题", max_length=200)
    content = models.TextField("内容", blank=True, default="")
    published_on = models.DateField("下发日期")

    class Meta:
        verbose_name = "提示单"
        verbose_name_plural = "提示单"
        ordering = ["-year", "-month", "-quarter"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(month__isnull=False) & Q(quarter__isnull=True))
                | (Q(month__isnull=True) & Q(quarter__isnull=False)),
                name="life_guide_one_period",
                violation_error_message="提示单须指定月份或季度之一",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="life_guide_month",
                violation_error_message="月份应为 1–12",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="life_guide_quarter",
                violation_error_message="季度应为 1–4",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.month}月" if self.month else f"第{self.quarter}季度"
        return f"{self.year}年{period}：{self.theme}"


class TalkPair(models.TextChoices):
    """支部工作条例 art. 19: between committee members, committee and members, members."""

    COMMITTEE_COMMITTEE = "cc", "支委与支委"
    COMMITTEE_MEMBER = "cm", "支委与党员"
    MEMBER_MEMBER = "mm", "党员与党员"


class Talk(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="talks",
    )
    held_on = models.DateField("谈话日期")
    first = models.ForeignKey(
        "members.Member", verbose_name="谈话人", on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        "members.Member", verbose_name="谈话对象", on_delete=models.CASCADE, related_name="+"
    )
    pair = models.CharField("类别", max_length=2, choices=TalkPair.choices)
    occasion = models.CharField("时机", max_length=50, blank=True, default="日常")
    note = models.CharField("备注", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "谈心谈话"
        verbose_name_plural = "谈心谈话"
        constraints = [
            models.CheckConstraint(
                condition=~Q(first=models.F("second")),
                name="life_talk_two_people",
                violation_error_message="谈心谈话须是两名不同的党员",
            )
        ]


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class Appraisal(TimeStampedModel):
    """民主评议党员: a member's grade for a year (支部工作条例 art. 18)."""

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.CASCADE, related_name="appraisals"
    )
    year = models.PositiveSmallIntegerField("年度")
    grade = models.CharField("评定等次", max_length=12, choices=Grade.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="评议会议",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraisals",
    )

    class Meta:
        verbose_name = "民主评议结果"
        verbose_name_plural = "民主评议结果"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="life_appraisal_once_a_year",
                violation_error_message="该党员本年度已有评议结果",
            )
        ]


class CorrectionOutcome(models.TextChoices):
    OPEN = "open", "限期改正中"
    CORRECTED = "corrected", "已改正"
    PERSUADED = "persuaded", "劝其退党"
    REMOVED = "removed", "除名"


class CorrectionCase(TimeStampedModel):
    """限期改正 after a 不合格 grade: generally one year, then 劝其退党 or 除名
    (中组部《党的组织工作问答》1996). Opened by the platform, decided by people."""

    member = models.ForeignKey(
        "members.Member", verbose_name="党员", on_delete=models.CASCADE, related_name="+"
    )
    appraisal = models.OneToOneField(
        Appraisal, verbose_name="评议结果", on_delete=models.CASCADE, related_name="correction"
    )
    started_on = models.DateField("开始日期")
    due_on = models.DateField("改正期限")
    outcome = models.CharField(
        "结果", max_length=10, choices=CorrectionOutcome.choices, default=CorrectionOutcome.OPEN
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = "限期改正"
        verbose_name_plural = "限期改正"

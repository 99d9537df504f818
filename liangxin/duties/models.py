"""责任落实 (WORK.md §7, issue 20): 双承诺双述职 of the organizations' secretaries, and the
member units of the 两新工委 with their yearly tasks, quarterly progress, 晾晒会 and
year-end 述职.

- A secretary promises once a year, to the town committee and/or to the members and the
  public [L:川姜; 温州 2012, 黄岩]; the year-end self-check (自查) says whether it was kept.
- A 述职 is one per organization, year and audience: to the higher committee and to the
  members and staff ("双述职" [L:川姜]). Its total and grade are computed by the service
  from the weights and cut-offs in force (rules, duties.rules) and stored, so a later change
  of the rules does not regrade reports already held.
- 晾晒会 [L:平湖] freezes its ranking: the rows are copied when the showcase is frozen and
  never recomputed (a showcase records what the meeting saw).
- ``MemberUnit`` is also used by ledprojects (领办项目 led by a member unit): keep its name
  and the fields name, region, order, active."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from liangxin.core.models import TimeStampedModel
from liangxin.core.validators import validate_dates_not_in_future

YEARS = [MinValueValidator(2000, "年度不能早于 2000 年"), MaxValueValidator(2100, "年度无效")]
QUARTERS = [(q, f"第{q}季度") for q in range(1, 5)]
QUARTER_RANGE = [
    MinValueValidator(1, "季度应在1到4之间"),
    MaxValueValidator(4, "季度应在1到4之间"),
]
PERCENT = [
    MinValueValidator(0, "完成比例应在0到100之间"),
    MaxValueValidator(100, "完成比例应在0到100之间"),
]
SCORE = {"max_digits": 5, "decimal_places": 1, "null": True, "blank": True}
SCORE_RANGE = [
    MinValueValidator(0, "分数应在0到100之间"),
    MaxValueValidator(100, "分数应在0到100之间"),
]


class PastDates:
    """Dates of things that happened are not in the future (core.validators)."""

    def clean(self):
        super().clean()
        validate_dates_not_in_future(self)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class Audience(models.TextChoices):
    """The two audiences of 双述职 [L:川姜]."""

    SUPERIOR = "superior", "上级党委"
    MEMBERS = "members", "党员职工"


def lines(text: str) -> list[str]:
    """Items typed one per line; blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Commitment(PastDates, TimeStampedModel):
    """双承诺: a secretary's promises of a year, to the town committee and to the members
    and the public; kept when the year-end self-check is filled."""

    dates_not_in_future = ("published_on", "self_checked_on")

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="duty_commitments",
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    secretary_name = models.CharField("书记姓名", max_length=50)
    secretary = models.ForeignKey(
        "members.Member",
        verbose_name="书记（党员）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    items = models.TextField("承诺事项", max_length=4000, help_text="每行一项")
    to_town_committee = models.BooleanField("向镇党委承诺", default=True)
    to_members = models.BooleanField("向党员群众承诺", default=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    self_check = models.TextField("年终自查", max_length=4000, blank=True, default="")
    self_checked_on = models.DateField("自查日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "双承诺"
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="duties_commitment_one_per_year",
                violation_error_message="该党组织本年度已有承诺，请修改原记录",
            ),
            models.CheckConstraint(
                condition=Q(to_town_committee=True) | Q(to_members=True),
                name="duties_commitment_has_audience",
                violation_error_message="请至少选择一个承诺对象（镇党委或党员群众）",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年承诺"

    @property
    def item_lines(self) -> list[str]:
        return lines(self.items)

    @property
    def kept(self) -> bool:
        """Kept = the year-end self-check is filled (WORK.md §7 statistics)."""
        return bool(self.self_check.strip()) and self.self_checked_on is not None


class DutyReport(PastDates, TimeStampedModel):
    """述职: one per organization, year and audience (双述职 [L:川姜])."""

    dates_not_in_future = ("held_on",)

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    year = models.PositiveSmallIntegerField("述职年度", validators=YEARS)
    audience = models.CharField("述职对象", max_length=10, choices=Audience.choices)
    held_on = models.DateField("述职日期")
    reporter = models.CharField("述职人", max_length=50, blank=True, default="")
    measures = models.TextField("主要举措", max_length=4000, blank=True, default="")
    results = models.TextField("工作成效", max_length=4000, blank=True, default="")
    problems = models.TextField("存在问题", max_length=4000, blank=True, default="")
    plan = models.TextField("下步打算", max_length=4000, blank=True, default="")
    party_reps = models.TextField("评议人（党代表）", max_length=1000, blank=True, default="")
    staff_reps = models.TextField("评议人（职工代表）", max_length=1000, blank=True, default="")
    daily_score = models.DecimalField("日常考核得分", **SCORE, validators=SCORE_RANGE)
    superior_score = models.DecimalField("上级测评得分", **SCORE, validators=SCORE_RANGE)
    member_score = models.DecimalField("党员测评得分", **SCORE, validators=SCORE_RANGE)
    # Computed by services.record_report with the weights and cut-offs in force that day.
    total = models.DecimalField("综合得分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField(
        "评定等次", max_length=12, choices=Grade.choices, blank=True, default=""
    )
    rectifications = models.TextField("整改事项", max_length=4000, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "述职"
        ordering = ["-year", "organization__path", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "audience"],
                name="duties_report_one_per_audience",
                violation_error_message="该党组织本年度已有同一对象的述职记录，请修改原记录",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年述职（{self.get_audience_display()}）"

    @property
    def rectification_lines(self) -> list[str]:
        return lines(self.rectifications)


class MemberUnit(models.Model):
    """两新工委 成员单位 of a district (the district's Region). Used by ledprojects."""

    name = models.CharField("单位名称", max_length=80)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区县",
        on_delete=models.PROTECT,
        related_name="member_units",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "成员单位"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="duties_member_unit_name",
                violation_error_message="本区已有同名成员单位",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitTask(TimeStampedModel):
    """A key task of a member unit for a year; its progress is reported by quarter."""

    unit = models.ForeignKey(
        MemberUnit, verbose_name="成员单位", on_delete=models.PROTECT, related_name="tasks"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    title = models.CharField("任务名称", max_length=200)
    target = models.TextField("目标要求", max_length=2000, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "成员单位任务"
        ordering = ["-year", "unit__order", "unit_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                name="duties_unit_task_title",
                violation_error_message="该成员单位本年度已有同名任务",
            )
        ]

    def __str__(self) -> str:
        return self.title


class UnitTaskProgress(PastDates, models.Model):
    """Where a task stood at the end of a quarter: the percent is cumulative."""

    dates_not_in_future = ("reported_on",)

    task = models.ForeignKey(
        UnitTask, verbose_name="任务", on_delete=models.CASCADE, related_name="progress"
    )
    quarter = models.PositiveSmallIntegerField("季度", choices=QUARTERS, validators=QUARTER_RANGE)
    percent = models.PositiveSmallIntegerField("完成比例（%）", validators=PERCENT)
    note = models.CharField("进展说明", max_length=500, blank=True, default="")
    reported_on = models.DateField("报送日期")

    class Meta:
        verbose_name = verbose_name_plural = "任务季度进展"
        ordering = ["task", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "quarter"],
                name="duties_progress_one_per_quarter",
                violation_error_message="该任务本季度已报送进展，请修改原记录",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="duties_progress_percent",
                violation_error_message="完成比例应在0到100之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} 第{self.quarter}季度 {self.percent}%"


class Showcase(PastDates, TimeStampedModel):
    """晾晒会 [L:平湖]: quarterly; its ranking is frozen (ShowcaseRow) when it is held."""

    dates_not_in_future = ("held_on",)

    region = models.ForeignKey(
        "regions.Region", verbose_name="区县", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    quarter = models.PositiveSmallIntegerField("季度", choices=QUARTERS, validators=QUARTER_RANGE)
    held_on = models.DateField("召开日期")
    remarks = models.TextField("备注", max_length=2000, blank=True, default="")
    frozen_at = models.DateTimeField("排名固定时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "晾晒会"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "quarter"],
                name="duties_showcase_one_per_quarter",
                violation_error_message="本季度已召开晾晒会",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度晾晒会"


class ShowcaseRow(models.Model):
    """One unit's place in a frozen showcase: copied, never recomputed."""

    showcase = models.ForeignKey(
        Showcase, verbose_name="晾晒会", on_delete=models.CASCADE, related_name="rows"
    )
    unit = models.ForeignKey(
        MemberUnit, verbose_name="成员单位", on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField("单位名称", max_length=80)
    tasks = models.PositiveSmallIntegerField("任务数")
    completion = models.DecimalField("平均完成比例（%）", max_digits=5, decimal_places=1)
    rank = models.PositiveSmallIntegerField("名次")

    class Meta:
        verbose_name = verbose_name_plural = "晾晒排名"
        ordering = ["showcase", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["showcase", "unit"], name="duties_showcase_row_unit")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.unit_name}"


class UnitReview(TimeStampedModel):
    """成员单位 year-end 述职 with its grade [L:平湖]."""

    unit = models.ForeignKey(
        MemberUnit, verbose_name="成员单位", on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    grade = models.CharField("评定等次", max_length=12, choices=Grade.choices)
    remarks = models.TextField("评语", max_length=2000, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "成员单位年终述职"
        ordering = ["-year", "unit__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="duties_unit_review_one_per_year",
                violation_error_message="该成员单位本年度已有年终述职记录",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年述职"

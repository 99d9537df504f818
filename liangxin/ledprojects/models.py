"""领办项目 (WORK.md §7 LedProject [L:平湖], issue 20): each year city leaders, the member
units of the 两新工委 and the towns each lead a project with its targets; the project's
milestones carry an owner, a due date, progress and evidence; 赛马 rounds (推进会, 擂台赛)
score the projects, and a result's rank is computed from the round's scores, never typed.

- A project serves a region (its scope): the district keeps every project, a town the
  projects serving its region or led by it (ledprojects.scoping).
- Evidence is text and links (the document's name, where it is filed, a URL): no upload,
  so nothing a user sends is stored as a file or served back.
- A milestone is on time when it was done on or before its due date; overdue when its due
  date has passed and it is not done (selectors.milestone_status)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from liangxin.core.models import TimeStampedModel

YEARS = [MinValueValidator(2000, "年度不能早于 2000 年"), MaxValueValidator(2100, "年度无效")]
LONG_TEXT = 2000


def long_text(label: str, **kwargs) -> models.TextField:
    return models.TextField(
        label,
        blank=True,
        default="",
        validators=[MaxLengthValidator(LONG_TEXT, f"{label}不能超过 {LONG_TEXT} 字")],
        **kwargs,
    )


class LeaderKind(models.TextChoices):
    CITY_LEADER = "city_leader", "市领导"
    MEMBER_UNIT = "member_unit", "成员单位"
    TOWN = "town", "镇街"


class ProjectState(models.TextChoices):
    ACTIVE = "active", "推进中"
    DONE = "done", "已完成"
    STOPPED = "stopped", "已终止"


class LedProject(TimeStampedModel):
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    title = models.CharField("项目名称", max_length=120)
    leader_kind = models.CharField("领办类型", max_length=20, choices=LeaderKind.choices)
    leader_name = models.CharField(
        "领办人",
        max_length=40,
        blank=True,
        default="",
        help_text="市领导的姓名和职务，或单位联系人",
    )
    lead_unit = models.ForeignKey(
        "duties.MemberUnit",
        verbose_name="领办成员单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    lead_region = models.ForeignKey(
        "regions.Region",
        verbose_name="领办镇街",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="服务区域",
        on_delete=models.PROTECT,
        related_name="served_led_projects",
    )
    targets = long_text("项目目标", help_text="每行一条目标")
    description = long_text("项目内容")
    state = models.CharField(
        "状态", max_length=10, choices=ProjectState.choices, default=ProjectState.ACTIVE
    )

    class Meta:
        verbose_name = verbose_name_plural = "领办项目"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="ledprojects_project_unique",
                violation_error_message="该年度已有同名的领办项目",
            ),
            models.CheckConstraint(
                condition=(
                    Q(leader_kind="member_unit", lead_unit__isnull=False, lead_region__isnull=True)
                    | Q(leader_kind="town", lead_region__isnull=False, lead_unit__isnull=True)
                    | Q(leader_kind="city_leader", lead_unit__isnull=True, lead_region__isnull=True)
                ),
                name="ledprojects_project_leader",
                violation_error_message="领办类型与领办单位或镇街不一致",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        kind = self.leader_kind
        if kind == LeaderKind.MEMBER_UNIT and self.lead_unit_id is None:
            errors["lead_unit"] = "成员单位领办的项目须选择领办成员单位"
        if kind == LeaderKind.TOWN and self.lead_region_id is None:
            errors["lead_region"] = "镇街领办的项目须填写领办镇街"
        if kind == LeaderKind.CITY_LEADER and not self.leader_name.strip():
            errors["leader_name"] = "市领导领办的项目须填写领办人"
        if errors:
            raise ValidationError(errors)
        # What does not belong to the kind is dropped, not refused: the form shows all fields.
        if kind != LeaderKind.MEMBER_UNIT:
            self.lead_unit = None
        if kind != LeaderKind.TOWN:
            self.lead_region = None

    @property
    def leader_label(self) -> str:
        if self.leader_kind == LeaderKind.MEMBER_UNIT and self.lead_unit_id:
            return f"{self.lead_unit.name}" + (
                f"（{self.leader_name}）" if self.leader_name else ""
            )
        if self.leader_kind == LeaderKind.TOWN and self.lead_region_id:
            return f"{self.lead_region.name}" + (
                f"（{self.leader_name}）" if self.leader_name else ""
            )
        return self.leader_name

    @property
    def target_lines(self) -> list[str]:
        return [line.strip() for line in self.targets.splitlines() if line.strip()]


class MilestoneState(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"


class Milestone(TimeStampedModel):
    project = models.ForeignKey(
        LedProject, verbose_name="领办项目", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("节点名称", max_length=120)
    owner = models.CharField("责任人", max_length=40)
    due_on = models.DateField("完成时限")
    state = models.CharField(
        "进度", max_length=12, choices=MilestoneState.choices, default=MilestoneState.NOT_STARTED
    )
    done_on = models.DateField("完成日期", null=True, blank=True)
    progress = long_text("进展情况")
    evidence = long_text("佐证材料", help_text="材料名称、存放位置或链接，每行一条")

    class Meta:
        verbose_name = verbose_name_plural = "项目节点"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "title"],
                name="ledprojects_milestone_unique",
                violation_error_message="该项目已有同名的节点",
            ),
            models.CheckConstraint(
                condition=Q(state="done", done_on__isnull=False)
                | (~Q(state="done") & Q(done_on__isnull=True)),
                name="ledprojects_milestone_done_on",
                violation_error_message="已完成的节点须填写完成日期，未完成的不填",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.state == MilestoneState.DONE:
            if self.done_on is None:
                raise ValidationError({"done_on": "已完成的节点须填写完成日期"})
            if self.done_on > timezone.localdate():
                raise ValidationError({"done_on": "完成日期不能晚于今天"})
        else:
            # Reopened or not done yet: a completion date would count it as done.
            self.done_on = None


class RaceKind(models.TextChoices):
    PROGRESS = "progress", "推进会"
    ARENA = "arena", "擂台赛"


class RaceRound(TimeStampedModel):
    """One 赛马 round of the year: a 推进会 or a 擂台赛 held by a district (or a town), with
    the projects' results; the towns below the holder see it."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name="举办区域",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="举办比拼的区县（或镇街）",
    )
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    kind = models.CharField("形式", max_length=10, choices=RaceKind.choices)
    title = models.CharField("名称", max_length=80)
    held_on = models.DateField("举办日期")
    remarks = long_text("备注")

    class Meta:
        verbose_name = verbose_name_plural = "赛马比拼"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "title"],
                name="ledprojects_round_unique",
                violation_error_message="该年度已有同名的比拼",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_kind_display()}，{self.held_on}）"

    def clean(self):
        super().clean()
        if self.held_on and self.year and self.held_on.year != self.year:
            raise ValidationError({"held_on": "举办日期须在该年度内"})


SCORE = {"max_digits": 6, "decimal_places": 2}


class RaceResult(TimeStampedModel):
    round = models.ForeignKey(
        RaceRound, verbose_name="比拼", on_delete=models.CASCADE, related_name="results"
    )
    project = models.ForeignKey(
        LedProject, verbose_name="领办项目", on_delete=models.PROTECT, related_name="results"
    )
    score = models.DecimalField(
        "得分",
        **SCORE,
        validators=[MinValueValidator(0, "得分不能为负数"), MaxValueValidator(1000, "得分过大")],
    )
    award = models.CharField(
        "奖项", max_length=20, blank=True, default="", help_text="如 一等奖、优胜"
    )
    comment = long_text("点评")

    class Meta:
        verbose_name = verbose_name_plural = "比拼成绩"
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project"],
                name="ledprojects_result_unique",
                violation_error_message="该项目在本次比拼中已有成绩，请修改原成绩",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.title}：{self.score}"

    def clean(self):
        super().clean()
        if self.round_id and self.project_id and self.project.year != self.round.year:
            raise ValidationError({"project": "项目年度与本次比拼的年度不一致"})

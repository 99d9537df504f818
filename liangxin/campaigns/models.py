"""专项行动 (WORK.md §7 "Campaign"): a drive over a region subtree for a period.

- 双覆盖百日攻坚 [L:平湖, six years running]: targets per region on the coverage engine's
  indicators (50+ staff enterprises with members all organized), the work items the
  coverage work lists give inside the scope, and progress measured day by day from the
  live indicators (CampaignProgress).
- 一户一表摸底排查 [L:丹东, every year; 川姜's 摸底排查]: a Round asks each grid to confirm or
  correct every enterprise row of its area (RoundRow); corrections go to the enterprise
  through the enterprises service, so the registry's audit log keeps them.

The kinds are data (CampaignKind, seeded by 0002_kinds); code holds the engines.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from liangxin.campaigns.indicators import LABELS as INDICATOR_LABELS
from liangxin.core.models import TimeStampedModel


class CampaignKind(models.Model):
    """A kind of drive a district admin keeps: its name, source and what it generates."""

    code = models.SlugField(
        "代码", max_length=32, unique=True, error_messages={"unique": "该代码已被使用"}
    )
    name = models.CharField(
        "名称", max_length=40, unique=True, error_messages={"unique": "该名称已被使用"}
    )
    source = models.CharField("来源", max_length=200, blank=True, default="")
    # Coverage work-list keys (coverage.worklists.WORK_LISTS) the drive turns into items.
    work_lists = models.JSONField("生成工作项的工作清单", default=list, blank=True)
    has_round = models.BooleanField("逐户摸底确认", default=False)
    # The indicators its targets are set on (campaigns.indicators.KEYS); empty: the coverage
    # engine's indicators (双覆盖).
    indicators = models.JSONField("可设目标的指标", default=list, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "专项行动类型"
        verbose_name_plural = "专项行动类型"
        ordering = ["id"]

    def __str__(self):
        return self.name

    def indicator_choices(self) -> list[tuple[str, str]]:
        from liangxin.campaigns.indicators import INDICATOR_KEYS

        keys = [k for k in self.indicators if k in INDICATOR_LABELS] or list(INDICATOR_KEYS)
        return [(key, INDICATOR_LABELS[key]) for key in keys]


class CampaignState(models.TextChoices):
    PLANNED = "planned", "筹备"
    RUNNING = "running", "进行中"
    ENDED = "ended", "已结束"


class Campaign(TimeStampedModel):
    kind = models.ForeignKey(
        CampaignKind, verbose_name="行动类型", on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField("行动名称", max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name="行动范围", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = "专项行动"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.UniqueConstraint(
                fields=["region", "title"],
                name="campaign_region_title_unique",
                violation_error_message="该范围内已有同名的专项行动",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state(self) -> str:
        """From the dates, not stored: a drive cannot be left 进行中 after it ended."""
        today = timezone.localdate()
        if today < self.starts_on:
            return CampaignState.PLANNED
        return CampaignState.RUNNING if today <= self.ends_on else CampaignState.ENDED

    def get_state_display(self) -> str:
        return CampaignState(self.state).label


PERCENT_VALIDATORS = [
    MinValueValidator(Decimal("0"), "目标值不能小于 0%%"),
    MaxValueValidator(Decimal("100"), "目标值不能超过 100%%"),
]


class Target(TimeStampedModel):
    """A goal on one coverage indicator for a region (the campaign's or one under it)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="专项行动", on_delete=models.CASCADE, related_name="targets"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField("指标", max_length=40, choices=list(INDICATOR_LABELS.items()))
    goal = models.DecimalField(
        "目标值（%）", max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    # The indicator when the target was set (as of the start, or of that day if later).
    baseline_numerator = models.PositiveIntegerField("基线分子", default=0)
    baseline_denominator = models.PositiveIntegerField("基线分母", default=0)
    baseline_on = models.DateField("基线日期")

    class Meta:
        verbose_name = "行动目标"
        verbose_name_plural = "行动目标"
        ordering = ["campaign", "region__path", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region", "indicator"],
                name="target_campaign_region_indicator_unique",
                violation_error_message="该区域的这一指标已设目标",
            ),
            models.CheckConstraint(
                condition=Q(goal__gte=0, goal__lte=100),
                name="target_goal_percent",
                violation_error_message="目标值应在 0% 到 100% 之间",
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.get_indicator_display()} {self.goal}%"


class WorkItemState(models.TextChoices):
    OPEN = "open", "待办"
    DONE = "done", "已完成"


class WorkItem(TimeStampedModel):
    """An enterprise on a coverage work list inside the scope when the items were made.

    Open while the enterprise is still on that list (read live from the engine); ``done_on``
    is the first day it was seen off the list (the daily job or 刷新进度)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="专项行动", on_delete=models.CASCADE, related_name="items"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="+"
    )
    list_key = models.CharField("工作清单", max_length=32)
    generated_on = models.DateField("生成日期")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "行动工作项"
        verbose_name_plural = "行动工作项"
        ordering = ["campaign", "list_key", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise", "list_key"],
                name="workitem_campaign_enterprise_list_unique",
                violation_error_message="该企业已在本行动的这一工作清单中",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.list_key}"


class CampaignProgress(models.Model):
    """One target's measured value on one day (the series on the campaign page)."""

    target = models.ForeignKey(
        Target, verbose_name="目标", on_delete=models.CASCADE, related_name="progress"
    )
    on = models.DateField("日期")
    numerator = models.PositiveIntegerField("分子")
    denominator = models.PositiveIntegerField("分母")
    value = models.DecimalField("实际值（%）", max_digits=5, decimal_places=1, null=True)
    open_items = models.PositiveIntegerField("待办工作项", default=0)
    done_items = models.PositiveIntegerField("已完成工作项", default=0)

    class Meta:
        verbose_name = "行动进度"
        verbose_name_plural = "行动进度"
        ordering = ["target", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "on"],
                name="progress_target_day_unique",
                violation_error_message="该目标当日已有进度记录",
            )
        ]

    def __str__(self):
        return f"{self.target} {self.on}"


class Round(TimeStampedModel):
    """摸底排查: one pass over every enterprise row of the campaign's scope."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="专项行动", on_delete=models.CASCADE, related_name="rounds"
    )
    as_of = models.DateField("摸底基准日")

    class Meta:
        verbose_name = "摸底排查轮次"
        verbose_name_plural = "摸底排查轮次"
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "as_of"],
                name="round_campaign_day_unique",
                violation_error_message="该行动在这一基准日已有摸底轮次",
            )
        ]

    def __str__(self):
        return f"{self.campaign} {self.as_of}"


class RowState(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    CORRECTED = "corrected", "已更正"


class RoundRow(TimeStampedModel):
    """One enterprise row for its grid to confirm or correct.

    ``grid`` is the 网格 at or above the enterprise's region; an enterprise under no grid is
    kept with its own region (``gridded`` False, shown as 未划网格) for the town admin."""

    round = models.ForeignKey(
        Round, verbose_name="摸底轮次", on_delete=models.CASCADE, related_name="rows"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="+"
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name="网格", on_delete=models.PROTECT, related_name="+"
    )
    gridded = models.BooleanField("已划网格", default=True)
    state = models.CharField(
        "状态", max_length=12, choices=RowState.choices, default=RowState.PENDING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    # {field: [old, new]} as shown, for the fields corrected (the enterprise's audit log
    # holds the same change).
    corrections = models.JSONField("更正内容", default=dict, blank=True)

    class Meta:
        verbose_name = "摸底排查行"
        verbose_name_plural = "摸底排查行"
        ordering = ["round", "grid__path", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "enterprise"],
                name="roundrow_round_enterprise_unique",
                violation_error_message="该企业已在本轮摸底中",
            )
        ]
        indexes = [models.Index(fields=["round", "state"], name="roundrow_round_state_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.get_state_display()}"

    @property
    def grid_label(self) -> str:
        return self.grid.name if self.gridded else f"{self.grid.name}（未划网格）"

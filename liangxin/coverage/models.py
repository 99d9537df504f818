from django.db import models


class CoverageSnapshot(models.Model):
    """One region's indicator counts for one month (for trends and "since last month")."""

    region = models.ForeignKey(
        "regions.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField("月份", help_text="当月第一天")
    category = models.CharField("单位类别口径", max_length=12, default="enterprise")
    as_of = models.DateField("统计日期")
    figures = models.JSONField("指标", help_text="{指标: [分子, 分母]}")
    organizations = models.PositiveIntegerField("党组织数", default=0)
    created_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "指标月度快照"
        verbose_name_plural = "指标月度快照"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "category"],
                name="coverage_snapshot_one_per_month",
                violation_error_message="该区域本月快照已存在",
            ),
        ]
        indexes = [models.Index(fields=["month", "category"], name="coverage_snapshot_month_idx")]

    def __str__(self):
        return f"{self.region_id} {self.month:%Y-%m}"


class IndicatorGoal(models.Model):
    """The goal line a district sets for an indicator (percent)."""

    indicator = models.CharField("指标", max_length=40, unique=True)
    goal = models.DecimalField("目标值（%）", max_digits=4, decimal_places=1)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "指标目标值"
        verbose_name_plural = "指标目标值"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__gte=0, goal__lte=100),
                name="indicator_goal_percent",
                violation_error_message="目标值应在 0 到 100 之间",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.goal}%"


class EnterpriseFacts(models.Model):
    """What the indicators need to know about one unit, kept by database triggers.

    Written only by the triggers of ``coverage.facts`` in the same transaction
    as the member, link, organization or instructor change that alters it, so
    it is never stale; the application never writes it. A unit without a row
    has no members, no covering organization and no instructor.
    """

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name="单位",
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the enterprise's delete trigger removes the row
        db_constraint=False,  # triggers may touch a unit in the middle of its deletion
        related_name="facts",
    )
    employed_members = models.PositiveIntegerField("在本单位的党员数（不含离职）", default=0)
    full_members = models.PositiveIntegerField("其中正式党员", default=0)
    covered_until = models.DateField(
        "覆盖截止", null=True, help_text="覆盖它的党组织中最晚的撤销日期；未撤销记为 9999-12-31"
    )
    own_org_until = models.DateField("单独组建覆盖截止", null=True)
    active_instructors = models.PositiveIntegerField("在岗党建指导员数", default=0)

    class Meta:
        verbose_name = "单位覆盖事实"
        verbose_name_plural = "单位覆盖事实"
        default_permissions = ("view",)

    def __str__(self):
        return str(self.enterprise_id)

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

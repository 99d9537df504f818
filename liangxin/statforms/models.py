"""党内统计 returns (WORK.md §7 `StatReturn`): edition, region, as-of 31 Dec;
草稿 → 镇审核 → 区审核 → 已报送; figures frozen once sent; a resubmission is a new version."""

from django.conf import settings
from django.db import models

from liangxin.core.models import TimeStampedModel


class ReturnState(models.TextChoices):
    DRAFT = "draft", "草稿"
    TOWN_REVIEWED = "town_reviewed", "镇审核"
    DISTRICT_REVIEWED = "district_reviewed", "区审核"
    SENT = "sent", "已报送"


class StatReturn(TimeStampedModel):
    edition = models.CharField("版本", max_length=8)
    region = models.ForeignKey(
        "regions.Region", verbose_name="统计区域", on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField("统计截止日期")
    version = models.PositiveSmallIntegerField("报送版次", default=1)
    state = models.CharField(
        "状态", max_length=20, choices=ReturnState.choices, default=ReturnState.DRAFT
    )
    # {title: {"number", "rows", "cols", "values", "note"}} written when sent; until
    # then the figures are live.
    figures = models.JSONField("报送数据", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    town_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="镇审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    district_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="区审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField("报送时间", null=True, blank=True)

    class Meta:
        verbose_name = "党内统计年报"
        verbose_name_plural = "党内统计年报"
        ordering = ["-as_of", "region__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "region", "as_of", "version"],
                name="statreturn_version_unique",
                violation_error_message="该区域该统计日已有同一版次的年报",
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.as_of:%Y}年党内统计（第{self.version}版）"

    @property
    def is_frozen(self) -> bool:
        return self.state == ReturnState.SENT

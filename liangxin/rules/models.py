from django.conf import settings
from django.db import models


class RuleSetting(models.Model):
    """A district's own value for a configurable rule (see liangxin.rules.catalog)."""

    key = models.CharField("规则", max_length=60, unique=True)
    value = models.JSONField("取值")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "规则参数"
        verbose_name_plural = "规则参数"

    def __str__(self):
        return f"{self.key}={self.value}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "上班（调休）"


class CalendarDay(models.Model):
    """A district's correction of the working-day calendar (WORK.md: deadlines count working
    days on an editable holiday calendar, 调休 included): a day off or a make-up working day
    that the published table (chinese_calendar) does not carry yet, or carries differently."""

    day = models.DateField("日期")
    kind = models.CharField("安排", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=40, help_text="如：元旦、春节调休上班")
    source = models.CharField("依据", max_length=200, help_text="如：国务院办公厅放假通知文号")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历调整"
        verbose_name_plural = "工作日历调整"
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["day"],
                name="rules_calendar_day_once",
                violation_error_message="该日期已有安排，请修改原安排",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()} {self.name}"

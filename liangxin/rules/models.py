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

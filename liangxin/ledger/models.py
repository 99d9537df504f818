from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    REJECTED = "rejected", "未导入（有错误）"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"


class ImportJob(models.Model):
    """One import of one ledger file: who, when, which file (name and hash), what it did."""

    kind = models.CharField("台账类型", max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件SHA-256", max_length=64, db_index=True)
    dry_run = models.BooleanField("仅预览", default=False)
    keep_good = models.BooleanField("保留正确行", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    bad = models.PositiveIntegerField("错误行", default=0)
    message = models.TextField("说明", blank=True, default="")
    report = models.JSONField("错误明细", default=list, blank=True)
    cancel_requested = models.BooleanField("已请求取消", default=False)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.kind} {self.file_name}"

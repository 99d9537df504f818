from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    REJECTED = "rejected", "未导入（有错误）"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"
    # Its worker died (killed, restarted, power lost): the lease expired, nothing was written.
    INTERRUPTED = "interrupted", "已中断"


FINISHED = frozenset(
    {
        JobStatus.DONE,
        JobStatus.REJECTED,
        JobStatus.FAILED,
        JobStatus.CANCELLED,
        JobStatus.INTERRUPTED,
    }
)


class BackgroundJob(models.Model):
    """What every ledger job shows while it runs: status, stage, rows done of total, speed.

    The progress lives in the row (not in the worker's memory), so a page reload,
    another browser tab or the command line all see the same numbers.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("台账类型", max_length=20)
    status = models.CharField(
        "状态", max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField("阶段", max_length=10, blank=True, default="")
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    rate = models.FloatField("速度（行/秒）", default=0)
    message = models.TextField("说明", blank=True, default="")
    cancel_requested = models.BooleanField("已请求取消", default=False)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True, default="")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    progress_at = models.DateTimeField("进度更新时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # The lease (liangxin.ledger.heartbeat): renewed while the job runs; once it is older
    # than LEDGER_JOB_LEASE_SECONDS the job's worker is taken for dead.
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)
    worker = models.CharField("执行进程（主机:进程号）", max_length=64, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def kind_label(self) -> str:
        from liangxin.ledger.kinds import all_kinds

        ledger = all_kinds().get(self.kind)
        return ledger.label if ledger else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.rows_total:
            return None
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def seconds_left(self) -> int | None:
        if not (self.rows_total and self.rate > 0) or self.is_finished:
            return None
        return max(0, round((self.rows_total - self.rows_done) / self.rate))

    @property
    def time_left(self) -> str:
        """剩余时间 in words, or "" while it cannot be estimated (total unknown, no speed yet)."""
        seconds = self.seconds_left
        if seconds is None:
            return ""
        minutes, seconds = divmod(seconds, 60)
        return f"{minutes} 分 {seconds} 秒" if minutes else f"{seconds} 秒"


class ImportJob(BackgroundJob):
    """One import of one ledger file: who, when, which file (name and hash), what it did.

    A web import is two jobs over one stored file: a dry run (the preview) and,
    once the user confirms, the real run pointing back at it through ``preview``.
    """

    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件SHA-256", max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    dry_run = models.BooleanField("仅预览", default=False)
    keep_good = models.BooleanField("保留正确行", default=False)
    preview = models.ForeignKey(
        "self",
        verbose_name="预览任务",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmations",
    )
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    bad = models.PositiveIntegerField("错误行", default=0)
    report = models.JSONField("错误明细", default=list, blank=True)
    changes = models.JSONField("变更字段", default=list, blank=True)
    notes = models.JSONField("提示", default=list, blank=True)
    # Paths under MEDIA_ROOT of the encrypted upload and error report (never the bytes).
    stored_file = models.CharField("上传文件（加密存储）", max_length=255, blank=True, default="")
    error_file = models.CharField("错误行文件（加密存储）", max_length=255, blank=True, default="")

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.kind} {self.file_name}"


class ExportJob(BackgroundJob):
    """One export of a filtered registry list, for lists too long to stream in a request."""

    reveal = models.BooleanField("导出明文", default=False)
    # The list's query string, encrypted: a search may hold a full ID number.
    filters_cipher = models.BinaryField("筛选条件（加密）", null=True, blank=True)
    file_name = models.CharField("下载文件名", max_length=255, blank=True, default="")
    stored_file = models.CharField("导出文件（加密存储）", max_length=255, blank=True, default="")

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.kind} 导出 {self.started_at:%Y-%m-%d %H:%M}"


@receiver(post_delete, sender=ImportJob)
@receiver(post_delete, sender=ExportJob)
def delete_job_files(sender, instance, **kwargs):
    """A deleted job takes its files along (admin bulk deletes included, hence a signal)."""
    from liangxin.ledger import storage

    for name in ("stored_file", "error_file"):
        storage.release(getattr(instance, name, ""))

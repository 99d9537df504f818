"""The hash chain over the audit log (django-auditlog's LogEntry rows).

A separate table keyed by the entry's id, written in the same transaction as the
entry: django-auditlog 3.4 has no swappable LogEntry model, and a link table leaves
every existing reader of LogEntry unchanged. The link holds no foreign key on
purpose: deleting an entry must leave its link behind (or a gap), not cascade.
"""

from django.db import models


class ChainLink(models.Model):
    """Position ``seq`` of the chain: entry ``entry_id``, whose hash covers the entry's
    content and the previous link's hash (liangxin.audit.chain)."""

    seq = models.BigIntegerField("序号", primary_key=True)
    entry_id = models.BigIntegerField("审计记录号", unique=True)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = "审计链节点"
        verbose_name_plural = "审计链节点"

    def __str__(self):
        return f"#{self.seq} → 记录 {self.entry_id}"


class ChainHead(models.Model):
    """One row: the chain's last link and its anchor (the link before the first kept one,
    after a retention purge). Every append locks this row, so two transactions never
    continue the chain from the same link."""

    last_seq = models.BigIntegerField("最后序号", default=0)
    last_hash = models.CharField("最后哈希", max_length=64, default="")
    anchor_seq = models.BigIntegerField("锚点序号", default=0)
    anchor_hash = models.CharField("锚点哈希", max_length=64, default="")

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1),
                name="audit_chainhead_single_row",
                violation_error_message="审计链头只有一行",
            )
        ]

    def __str__(self):
        return f"审计链头 #{self.last_seq}"


class ChainCheck(models.Model):
    """One run of the verification (command or page): what the audit page shows."""

    checked_at = models.DateTimeField("校验时间", auto_now_add=True)
    intact = models.BooleanField("完整")
    links = models.BigIntegerField("已校验条数", default=0)
    last_seq = models.BigIntegerField("校验至序号", default=0)
    last_entry_id = models.BigIntegerField("校验至记录号", null=True)
    broken_entry_id = models.BigIntegerField("断裂处记录号", null=True)
    reason = models.CharField("原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "审计链校验"
        verbose_name_plural = "审计链校验"
        ordering = ["-checked_at", "-id"]

    def __str__(self):
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'完整' if self.intact else '断裂'}"

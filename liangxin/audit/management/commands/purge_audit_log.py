from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liangxin.audit import chain
from liangxin.core.audit import CHANNEL_COMMAND, audit_context, record_event


class Command(BaseCommand):
    help = (
        "删除超过保存期限（AUDIT_RETENTION_DAYS，至少 180 天）的审计记录；"
        "审计链从第一条保留的记录续接，仍可校验。链已断裂时拒绝执行。"
    )

    def handle(self, *args, **options):
        days = chain.retention_days()
        try:
            deleted = chain.purge(now=timezone.now())
        except chain.ChainBroken as exc:
            raise CommandError(f"审计链校验未通过，未删除任何记录：{exc}") from exc
        if deleted:
            with audit_context(None, channel=CHANNEL_COMMAND):
                record_event(
                    None,
                    action="audit_purge",
                    summary=f"清理超过 {days} 天的审计记录 {deleted} 条",
                    details={"deleted": deleted, "retention_days": days},
                )
        self.stdout.write(f"已删除超过 {days} 天的审计记录 {deleted} 条")

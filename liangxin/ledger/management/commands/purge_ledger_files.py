from django.conf import settings
from django.core.management.base import BaseCommand

from liangxin.ledger import storage


class Command(BaseCommand):
    help = (
        "删除超过保存期限的台账文件"
        "（上传文件、错误行文件、导出文件，均加密保存在 MEDIA_ROOT/ledger/）。"
        "默认期限为 LEDGER_FILE_RETENTION_DAYS 天；建议每天运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"保存天数（默认 {settings.LEDGER_FILE_RETENTION_DAYS}）",
        )

    def handle(self, *args, days=None, **options):
        removed = storage.purge(days=days)
        self.stdout.write(f"已删除 {removed} 个过期的台账文件")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.kinds import all_kinds
from liangxin.ledger.scope import region_model


class Command(BaseCommand):
    help = "导出台账（表头与导入模板一致，可原样再导入）。文件名以 .csv 结尾时导出 CSV，否则 xlsx。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(all_kinds()))
        parser.add_argument("file")
        parser.add_argument("--region", help="只导出该区域代码及其下级区域")
        parser.add_argument(
            "--reveal",
            action="store_true",
            help="党员、指导员台账导出身份证号和手机号明文（记入审计日志），否则脱敏",
        )

    def handle(self, *args, kind, file, region=None, reveal=False, **options):
        scope_region = self._region(region)
        path = Path(file)
        fmt = "csv" if path.suffix.lower() == ".csv" else "xlsx"
        with audit_context(None, channel=CHANNEL_COMMAND), path.open("wb") as stream:
            count = export_ledger(
                kind,
                stream,
                ImportContext(),
                fmt=fmt,
                region=scope_region,
                reveal=reveal,
            )
        self.stdout.write(f"已导出 {count} 行到 {path}")

    def _region(self, code):
        if not code:
            return None
        region = region_model().objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"区域代码不存在：{code}")
        return region

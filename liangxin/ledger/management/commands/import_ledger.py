import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.core.audit import CHANNEL_IMPORT, audit_context
from liangxin.ledger.heartbeat import Heartbeat
from liangxin.ledger.kinds import all_kinds
from liangxin.ledger.services import import_job_create, import_job_run, summary


class Command(BaseCommand):
    help = "导入台账文件（.xlsx 或 .csv）。默认全部正确才写入；--dry-run 只预览不写入。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(all_kinds()))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
        parser.add_argument("--keep-good", action="store_true", help="有错误行时仍导入正确的行")

    def handle(self, *args, kind, file, dry_run, keep_good, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        data = path.read_bytes()
        job = import_job_create(
            user=None,
            kind=kind,
            file_name=path.name,
            data=data,
            dry_run=dry_run,
            keep_good=keep_good,
        )
        started = time.monotonic()
        with audit_context(None, channel=CHANNEL_IMPORT, job=job.pk), Heartbeat(job):
            result = import_job_run(job=job, data=data, progress=self._progress(started))
        job.refresh_from_db()
        if result is None:
            raise CommandError(job.message)
        self._report(result)
        if result.bad and not result.written:
            raise CommandError(summary(result))
        self.stdout.write(summary(result))

    def _progress(self, started):
        def show(stage: str, done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            of = f"/{total:,}" if total else ""
            sys.stderr.write(f"\r{stage}：{done:,}{of} 行（{rate:,.0f} 行/秒）   ")
            sys.stderr.flush()

        return show

    def _report(self, result) -> None:
        sys.stderr.write("\n")
        for note in result.notes:
            self.stdout.write(f"提示：{note}")
        for row in result.bad_rows:
            for error in row.errors:
                self.stdout.write(
                    f"第 {row.number} 行｜{error.header}｜{error.value}｜{error.reason}"
                )
        for row in result.updates[:200]:
            fields = "、".join(row.changes)
            self.stdout.write(f"第 {row.number} 行更新：{fields}")

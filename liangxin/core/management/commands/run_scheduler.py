import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.coverage.schedule import take_monthly_snapshot_if_due
from liangxin.ledger import storage
from liangxin.mobility.services import transfers_expire


def expire_letters() -> list[str]:
    count = transfers_expire()
    return [f"{count} 份介绍信已过期"] if count else []


def purge_old_ledger_files() -> list[str]:
    removed = storage.purge(days=None)
    return [f"删除 {removed} 个过期文件"] if removed else []


# (name, function) pairs checked on every tick; each is idempotent and does
# nothing when it is not due, so a missed tick is simply caught up on the next.
PERIODIC = [
    ("两个覆盖月度快照", take_monthly_snapshot_if_due),
    ("组织关系介绍信有效期", expire_letters),
    ("台账文件保存期限", purge_old_ledger_files),
]


class Command(BaseCommand):
    help = "定时任务：定期检查到期的周期任务（如每月指标快照）；--once 只检查一次（可用于 cron）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只检查一次后退出")
        parser.add_argument("--interval", type=int, default=3600, help="检查间隔（秒），默认 3600")

    def handle(self, *args, once=False, interval=3600, **options):
        while True:
            self.tick()
            if once:
                return
            close_old_connections()
            time.sleep(max(interval, 60))

    def tick(self) -> None:
        for name, job in PERIODIC:
            with audit_context(None, channel=CHANNEL_COMMAND):
                done = job()
            if done:
                self.stdout.write(f"{name}：已完成 {'、'.join(done)}")

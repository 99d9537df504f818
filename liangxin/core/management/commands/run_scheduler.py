import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.core.reconnect import retry_on_lost_connection
from liangxin.coverage.schedule import take_monthly_snapshot_if_due
from liangxin.ledger import services as ledger_services
from liangxin.ledger import storage
from liangxin.mobility.services import transfers_expire


def expire_letters() -> list[str]:
    count = transfers_expire()
    return [f"{count} 份介绍信已过期"] if count else []


def purge_old_ledger_files() -> list[str]:
    removed = storage.purge(days=None)
    return [f"删除 {removed} 个过期文件"] if removed else []


def interrupt_dead_jobs() -> list[str]:
    count = ledger_services.jobs_interrupt_stale()
    return [f"{count} 个任务的执行进程已停止，已标记为已中断"] if count else []


# Checked every LEDGER_JOB_LEASE_SECONDS rather than every --interval: a job whose
# worker died should not wait an hour to say so.
FREQUENT = [("台账任务心跳", interrupt_dead_jobs)]

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
        interval = max(interval, 60)
        step = max(10, min(interval, settings.LEDGER_JOB_LEASE_SECONDS))
        next_tick = 0.0
        while True:
            if time.monotonic() >= next_tick:
                if self.safely(self.tick):
                    next_tick = time.monotonic() + interval
            else:
                self.safely(self.frequent)
            if once:
                return
            close_old_connections()
            time.sleep(step)

    def safely(self, work) -> bool:
        """Run ``work``; a dropped database connection is closed and retried with backoff
        (1, 2, 4 … 60 s) instead of ending the scheduler."""
        retry_on_lost_connection(work, label="scheduler")
        return True

    def frequent(self) -> None:
        self.run_checks(FREQUENT)

    def tick(self) -> None:
        self.run_checks(FREQUENT + PERIODIC)

    def run_checks(self, checks) -> None:
        for name, job in checks:
            with audit_context(None, channel=CHANNEL_COMMAND):
                done = job()
            if done:
                self.stdout.write(f"{name}：已完成 {'、'.join(done)}")

"""run_scheduler: the jobs the apps registered (core.schedule), each when it falls due."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.core.reconnect import retry_on_lost_connection
from liangxin.core.schedule import frequent_jobs, tick_jobs


class Command(BaseCommand):
    help = "定时任务：定期检查到期的周期任务（如每月指标快照）；--once 只检查一次（可用于 cron）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只检查一次后退出")
        parser.add_argument("--interval", type=int, default=3600, help="检查间隔（秒），默认 3600")

    def handle(self, *args, once=False, interval=3600, **options):
        interval = max(interval, 60)
        # The frequent jobs are checked every LEDGER_JOB_LEASE_SECONDS rather than every
        # --interval: a job whose worker died should not wait an hour to say so.
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
        self.run_jobs(frequent_jobs())

    def tick(self) -> None:
        self.run_jobs(tick_jobs())

    def run_jobs(self, jobs) -> None:
        for job in jobs:
            with audit_context(None, channel=CHANNEL_COMMAND):
                done = job.run()
            if done:
                self.stdout.write(f"{job.label}：已完成 {'、'.join(done)}")

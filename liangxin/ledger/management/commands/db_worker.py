"""``manage.py db_worker``: django-tasks-db's worker, made to outlive the database's hiccups.

The library's worker exits on the first database error it does not expect: after
PostgreSQL dropped its connection (a restart, a failover, pg_terminate_backend)
the ledger's jobs stopped running until someone restarted it. This one closes
the broken connection and starts the loop again, waiting 1, 2, 4 … up to 60
seconds between attempts. It also ends the jobs a dead worker left ``running``
(``services.jobs_interrupt_stale``) when it starts and after every task.
Same name and options as the library's command (this app is listed first).
"""

import logging
import time

from django.db import DatabaseError
from django_tasks_db.management.commands import db_worker

from liangxin.core.pinyin import warm_up
from liangxin.core.reconnect import close_all, retry_on_lost_connection
from liangxin.ledger import services

logger = logging.getLogger("liangxin.ledger.worker")


def interrupt_stale_jobs() -> int:
    try:
        count = services.jobs_interrupt_stale()
    except DatabaseError:
        logger.warning("checking for interrupted jobs failed", exc_info=True)
        close_all()
        return 0
    if count:
        logger.warning("%d 个后台任务的执行进程已停止，已标记为“已中断”", count)
    return count


class Worker(db_worker.Worker):
    sleep = staticmethod(time.sleep)

    def run(self) -> None:
        warm_up()  # the pinyin table every imported name needs, once, not in the first job
        interrupt_stale_jobs()
        retry_on_lost_connection(
            super().run, label="job worker", sleep=self.sleep, keep_going=lambda: self.running
        )

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        interrupt_stale_jobs()


class Command(db_worker.Command):
    help = (
        "运行后台任务进程（台账导入导出等）；数据库连接中断后自动重连，并结束已失去执行进程的任务。"
    )

    def handle(self, *args, **options):
        # The library builds its Worker inside handle: swap in ours for that call.
        original, db_worker.Worker = db_worker.Worker, Worker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original

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
from contextlib import suppress

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django_tasks_db.management.commands import db_worker

from liangxin.ledger import services

logger = logging.getLogger("liangxin.ledger.worker")

MAX_BACKOFF_SECONDS = 60.0
# A lost or refused connection: worth waiting for. Anything else (a bad query, a broken
# constraint) would fail the same way again, so it ends the worker as before.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


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


def close_all() -> None:
    for connection in connections.all(initialized_only=True):
        # Closing a dead connection may fail; it is gone either way.
        with suppress(DatabaseError):
            connection.close()


class Worker(db_worker.Worker):
    backoff_start = 1.0
    sleep = staticmethod(time.sleep)

    def run(self) -> None:
        interrupt_stale_jobs()
        delay = self.backoff_start
        while self.running:
            try:
                super().run()
                return
            except CONNECTION_ERRORS:
                logger.warning(
                    "database error in the job worker; reconnecting in %.0f s",
                    delay,
                    exc_info=True,
                )
                close_all()
                self.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
                close_old_connections()

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

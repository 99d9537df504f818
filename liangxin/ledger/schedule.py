"""The ledger's scheduled jobs: dead import/export jobs marked, old files removed."""

from liangxin.core.schedule import Cadence, ScheduledJob
from liangxin.ledger import services, storage


def interrupt_dead_jobs() -> list[str]:
    count = services.jobs_interrupt_stale()
    return [f"{count} 个任务的执行进程已停止，已标记为已中断"] if count else []


def purge_old_ledger_files() -> list[str]:
    removed = storage.purge(days=None)
    return [f"删除 {removed} 个过期文件"] if removed else []


JOBS = [
    # Frequent: a job whose worker died should not wait an hour to say so.
    ScheduledJob("ledger.dead_jobs", "台账任务心跳", interrupt_dead_jobs, cadence=Cadence.FREQUENT),
    ScheduledJob("ledger.file_retention", "台账文件保存期限", purge_old_ledger_files),
]

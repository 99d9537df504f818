"""Import jobs: a job row per file, the pipeline, and the result written back to the row."""

import hashlib

from django.utils import timezone

from liangxin.ledger.framework import ImportContext
from liangxin.ledger.models import ImportJob, JobStatus
from liangxin.ledger.pipeline import ImportResult, run_import
from liangxin.ledger.reader import FileProblem
from liangxin.ledger.registry import kind_named

REPORT_LIMIT = 5000  # bad rows kept on the job row; the error file carries all of them


def import_job_create(
    *, user, kind: str, file_name: str, data: bytes, dry_run=False, keep_good=False
):
    kind_named(kind)  # unknown kinds fail here, before a job exists
    return ImportJob.objects.create(
        kind=kind,
        user=user,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
        keep_good=keep_good,
    )


def import_job_run(*, job: ImportJob, data: bytes, progress=None) -> ImportResult | None:
    """Run the pipeline for ``job``; the job row ends with the counts or the file problem."""
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    ctx = ImportContext(user=job.user, job_id=job.pk, file_name=job.file_name)
    try:
        result = run_import(
            kind_name=job.kind,
            data=data,
            file_name=job.file_name,
            ctx=ctx,
            dry_run=job.dry_run,
            keep_good=job.keep_good,
            progress=progress,
        )
    except FileProblem as problem:
        _finish(job, status=JobStatus.FAILED, message=str(problem))
        return None
    _finish(job, status=_status_of(result), message=summary(result), **_counts(result))
    return result


def _status_of(result: ImportResult) -> str:
    if result.written or result.dry_run or result.is_noop:
        return JobStatus.DONE
    return JobStatus.REJECTED


def _counts(result: ImportResult) -> dict:
    return {
        "rows_total": result.total,
        "rows_done": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "bad": result.bad,
        "report": [
            {"row": row.number, "header": e.header, "value": e.value, "reason": e.reason}
            for row in result.bad_rows[:REPORT_LIMIT]
            for e in row.errors
        ],
    }


def _finish(job: ImportJob, **fields) -> None:
    for name, value in {**fields, "finished_at": timezone.now()}.items():
        setattr(job, name, value)
    job.save()


def summary(result: ImportResult) -> str:
    counts = (
        f"新增 {result.created}，更新 {result.updated}，"
        f"未变化 {result.unchanged}，错误 {result.bad}"
    )
    if result.dry_run:
        return f"预览（未写入）：{counts}"
    if result.is_noop:
        return f"文件与系统中的数据一致，无需导入（{result.unchanged} 行未变化）"
    if result.bad and not result.written:
        return (
            f"有 {result.bad} 行错误，整个文件未导入"
            f"（可修改后重新上传，或选择“仅导入正确行”）：{counts}"
        )
    return f"已导入：{counts}"

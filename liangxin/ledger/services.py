"""Import and export jobs: a job row per file, the pipeline, and the result written back to the row.

A web import is two jobs over one encrypted stored file: a dry run whose counts,
bad rows and changed fields make the preview, then — when the user confirms — a
real run. Both report progress into their row (stage, rows, rows/s) through
``JobProgress``, which is also where a cancel request is noticed.
"""

import datetime
import hashlib
import json
import logging
import tempfile
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections
from django.http import QueryDict
from django.utils import timezone
from django.utils.module_loading import import_string

from liangxin.core import pii
from liangxin.core.spreadsheets import write_xlsx
from liangxin.ledger import bulk, heartbeat, live, storage
from liangxin.ledger.error_file import build_error_file
from liangxin.ledger.export import typed_rows
from liangxin.ledger.framework import ImportContext, ParsedRow
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.models import ExportJob, ImportJob, JobStatus
from liangxin.ledger.names import CodeNames
from liangxin.ledger.pipeline import ImportCancelled, ImportResult, run_import
from liangxin.ledger.reader import FileProblem
from liangxin.ledger.scope import scope_rows

logger = logging.getLogger(__name__)

REPORT_LIMIT = 5000  # bad rows kept on the job row; the error file carries all of them
CHANGES_LIMIT = 2000  # updated rows whose changed fields the preview lists
REPORT_VALUE_CHARS = 100
EXPORTING = "导出"
CANCELLED_MESSAGE = "已取消，没有写入任何数据"
INTERNAL_ERROR = "处理时发生内部错误，没有写入任何数据；请联系系统管理员（任务编号 {pk}）"
# The file passed every check, then the database refused a row: someone changed the same
# records meanwhile (deleted an organization a row names, imported the same person).
CHANGED_MEANWHILE = (
    "校验通过后、写入时，相关记录已被他人修改（例如所引用的党组织、单位或区域被删除，"
    "或同一人员已被另一任务导入），没有写入任何数据；请重新导入，系统将按最新数据重新校验"
)

# Stored fields that are not a column of their own: the column they come from.
FIELD_HEADERS = {
    "region_id": "所属区域代码",
    "organization_id": "所在党组织编码",
    "employer_id": "工作单位统一社会信用代码",
    "covered_enterprises": "覆盖企业",
    "enterprises": "联系企业",
    "parent": "上级代码",
    "id_number_digest": "公民身份号码",
    "id_number_masked": "公民身份号码",
    "phone_digest": "手机号码",
    "phone_masked": "手机号码",
    "phone_cipher": "手机号码",
}


# --- progress -------------------------------------------------------------------------


class SideConnection:
    """A PostgreSQL connection of the job's own for its progress row.

    An import writes in one transaction. Progress written through that
    transaction's connection stayed invisible to the page polling it until the
    commit, and held a lock on the job row that made the user's cancel request
    wait for the import to end. Autocommit on a second connection shows each
    step at once and sees the cancel request. (SQLite has one writer: a second
    connection would wait for the import's own write lock, so it keeps the one.)
    """

    def __init__(self):
        self.wrapper = connections.create_connection(DEFAULT_DB_ALIAS)

    def update(self, model, pk, fields: dict) -> None:
        quote, meta = self.wrapper.ops.quote_name, model._meta
        columns = [meta.get_field(name) for name in fields]
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
        values = [field.get_db_prep_save(fields[field.name], self.wrapper) for field in columns]
        with self.wrapper.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} SET {assignments}"
                f" WHERE {quote(meta.pk.column)} = %s",
                [*values, pk],
            )

    def cancel_requested(self, model, pk) -> bool:
        quote, meta = self.wrapper.ops.quote_name, model._meta
        column = quote(meta.get_field("cancel_requested").column)
        with self.wrapper.cursor() as cursor:
            cursor.execute(
                f"SELECT {column} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s",
                [pk],
            )
            row = cursor.fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        self.wrapper.close()


class JobProgress:
    """The pipeline's progress(stage, done, total) for one job row.

    Writes at most every ``interval`` seconds (and at each new stage) so a
    million-row file does not turn into a million UPDATEs; the same moment it
    looks at ``cancel_requested`` and raises ImportCancelled when it is set.
    On PostgreSQL it writes through a ``SideConnection`` (call ``close``).
    """

    interval = 0.5

    def __init__(self, job, *, expected_rows: int = 0, clock=time.monotonic):
        self.model, self.pk, self.clock = type(job), job.pk, clock
        self.expected_rows = expected_rows  # a guess for the reading stage, which has no total
        self.stage, self.stage_started, self.last_write = None, clock(), None
        self.side = SideConnection() if bulk.own_connection_possible() else None

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
        live.clear(self.model, self.pk)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        new_stage = stage != self.stage
        if new_stage:
            self.stage, self.stage_started = stage, now
        if not new_stage and self.last_write is not None and now - self.last_write < self.interval:
            return
        self.last_write = now
        self._write(stage, done, total, now)
        if self._cancel_requested():
            raise ImportCancelled

    def _cancel_requested(self) -> bool:
        if self.side is not None:
            return self.side.cancel_requested(self.model, self.pk)
        if live.cancel_asked(self.model, self.pk):  # asked while SQLite was locked
            return True
        return self.model.objects.filter(pk=self.pk, cancel_requested=True).exists()

    def _write(self, stage: str, done: int, total: int, now: float) -> None:
        elapsed = now - self.stage_started
        moment = timezone.now()
        fields = {"stage": stage[:10], "rows_done": done, "progress_at": moment}
        fields["heartbeat_at"] = moment  # every progress write renews the lease too
        fields["rate"] = done / elapsed if elapsed > 0 and done else 0
        if total or self.expected_rows:
            fields["rows_total"] = total or max(self.expected_rows, done)
        if self.side is not None:
            self.side.update(self.model, self.pk, fields)
            return
        self.model.objects.filter(pk=self.pk).update(**fields)
        if live.behind_the_write_lock():  # that update shows only at the commit
            live.report(self.model, self.pk, fields)


def estimated_rows(data: bytes) -> int:
    """Data rows of a CSV by its line breaks (a quoted line break overcounts: it is a guess).

    Lets the reading stage show a bar and a time left; a workbook cannot be
    counted without reading it, so it shows rows read only.
    """
    if data.startswith(b"PK"):
        return 0
    return max(0, data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1))


def _claim(job) -> bool:
    """QUEUED → RUNNING, once: a job cancelled while it waited never starts."""
    now, worker = timezone.now(), heartbeat.worker_identity()
    claimed = (
        type(job)
        .objects.filter(pk=job.pk, status=JobStatus.QUEUED)
        .update(status=JobStatus.RUNNING, heartbeat_at=now, worker=worker)
    )
    if claimed:
        job.status, job.heartbeat_at, job.worker = JobStatus.RUNNING, now, worker
    return bool(claimed)


def _finish(job, **fields) -> None:
    for name, value in {**fields, "finished_at": timezone.now()}.items():
        setattr(job, name, value)
    # Keep the cancel flag the web may have set meanwhile: it is not ours to overwrite.
    job.save(update_fields=[*fields, "finished_at"])


# --- lease -------------------------------------------------------------------------------

INTERRUPTED_IMPORT = (
    "处理该任务的后台进程已停止（服务重启、进程被终止或断电），任务已中断，"
    "没有写入任何数据；请重新运行或重新上传文件"
)
INTERRUPTED_EXPORT = (
    "处理该任务的后台进程已停止（服务重启、进程被终止或断电），导出已中断，没有生成文件；请重新导出"
)


def last_beat(job):
    """The latest sign of life of a running job: its lease, its progress, its start, and
    (SQLite, whose write phase hides row updates) its beat file."""
    moments = [job.heartbeat_at, job.progress_at, job.started_at]
    touched = heartbeat.file_beat(type(job), job.pk)
    if touched is not None:
        moments.append(datetime.datetime.fromtimestamp(touched, tz=datetime.UTC))
    return max(moment for moment in moments if moment is not None)


def lease_expired(job, *, now=None) -> bool:
    if job.status != JobStatus.RUNNING:
        return False
    lease = datetime.timedelta(seconds=settings.LEDGER_JOB_LEASE_SECONDS)
    return last_beat(job) < (now or timezone.now()) - lease


def job_interrupt_if_stale(*, job, now=None) -> bool:
    """End ``job`` as interrupted when its lease expired; True when it did."""
    if not lease_expired(job, now=now):
        return False
    model = type(job)
    message = INTERRUPTED_EXPORT if model is ExportJob else INTERRUPTED_IMPORT
    # Only if it is still running with the same lease: a late beat keeps it alive.
    ended = model.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
    ).update(status=JobStatus.INTERRUPTED, stage="", message=message, finished_at=timezone.now())
    if not ended:
        return False
    logger.warning(
        "ledger %s %s interrupted: no heartbeat since %s (%s)",
        model._meta.model_name,
        job.pk,
        last_beat(job),
        job.worker or "?",
    )
    live.clear(model, job.pk)
    heartbeat.beat_path(model, job.pk).unlink(missing_ok=True)
    job.refresh_from_db()
    return True


def jobs_interrupt_stale(*, now=None) -> int:
    """Every running job whose worker is gone ends ``interrupted``; how many did."""
    count = 0
    for model in (ImportJob, ExportJob):
        for job in model.objects.filter(status=JobStatus.RUNNING):
            count += job_interrupt_if_stale(job=job, now=now)
    return count


def import_job_rerun(*, job: ImportJob) -> ImportJob:
    """A new run of an interrupted import over the same stored file."""
    return _import_job_over_file_of(
        job, dry_run=job.dry_run, keep_good=job.keep_good, preview=job.preview
    )


def _import_job_over_file_of(job: ImportJob, **run) -> ImportJob:
    """A new import job over the file ``job`` stored, run as ``run`` says."""
    return ImportJob.objects.create(
        kind=job.kind,
        user=job.user,
        file_name=job.file_name,
        sha256=job.sha256,
        file_size=job.file_size,
        stored_file=job.stored_file,
        **run,
    )


def export_job_rerun(*, job: ExportJob) -> ExportJob:
    return ExportJob.objects.create(
        kind=job.kind, user=job.user, reveal=job.reveal, filters_cipher=job.filters_cipher
    )


def job_cancel(*, job) -> None:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    if live.writing(job):  # SQLite's one write lock is the import's: no row can be written
        live.ask_cancel(job)
        return
    model = type(job)
    model.objects.filter(pk=job.pk).update(cancel_requested=True)
    model.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, message=CANCELLED_MESSAGE, finished_at=timezone.now()
    )
    job.refresh_from_db()


# --- import -----------------------------------------------------------------------------


def import_job_create(
    *,
    user,
    kind: str,
    file_name: str,
    data: bytes,
    dry_run=False,
    keep_good=False,
    store=False,
):
    """A queued job; ``store`` keeps the file (encrypted) for a background run and the confirm."""
    kind_named(kind)  # unknown kinds fail here, before a job exists
    return ImportJob.objects.create(
        kind=kind,
        user=user,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        dry_run=dry_run,
        keep_good=keep_good,
        stored_file=storage.save(data, suffix="upload") if store else "",
    )


def import_job_confirm(*, preview: ImportJob, keep_good: bool) -> ImportJob:
    """The real run of a previewed file: a new job over the same stored file."""
    return _import_job_over_file_of(preview, dry_run=False, keep_good=keep_good, preview=preview)


def import_job_run(*, job: ImportJob, data: bytes, progress=None) -> ImportResult | None:
    """Run the pipeline for ``job``; the job row ends with the counts or the reason it stopped."""
    if not _claim(job):
        return None
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
    except ImportCancelled:
        _finish(job, status=JobStatus.CANCELLED, message=CANCELLED_MESSAGE)
        return None
    except IntegrityError:
        logger.warning("ledger import job %s: a record changed meanwhile", job.pk, exc_info=True)
        _finish(job, status=JobStatus.FAILED, message=CHANGED_MEANWHILE)
        return None
    except Exception:
        # The user gets a sentence and a job number, the log gets the traceback.
        logger.exception("ledger import job %s failed", job.pk)
        _finish(job, status=JobStatus.FAILED, message=INTERNAL_ERROR.format(pk=job.pk))
        return None
    _finish(job, **_outcome(job, result))
    return result


def _outcome(job: ImportJob, result: ImportResult) -> dict:
    outcome = {"status": _status_of(result), "message": summary(result), **_counts(result)}
    outcome["notes"] = result.notes
    outcome["changes"] = changed_rows(kind_named(job.kind), result.updates[:CHANGES_LIMIT])
    outcome["stage"] = ""
    if result.bad and job.stored_file:
        error_file = build_error_file(result.headers, result.bad_rows)
        outcome["error_file"] = storage.save(error_file, suffix="errors")
    return outcome


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
        # Values are masked for personal columns already (ParsedRow.fail).
        "report": [
            {"row": row.number, "header": e.header, "value": clip(e.value), "reason": e.reason}
            for row in result.bad_rows[:REPORT_LIMIT]
            for e in row.errors
        ],
    }


def clip(value: str, limit: int = REPORT_VALUE_CHARS) -> str:
    """A 100,000-character cell is reported by its start; the error file keeps all of it."""
    return value if len(value) <= limit else value[:limit] + "…"


def changed_rows(kind, updates: list[ParsedRow]) -> list[dict]:
    """For the preview: each updated row's key (masked if personal) and changed column headers."""
    key_column = kind.key_column
    rows = []
    for row in updates:
        key = str(kind.key_of(row) or "")
        if key_column.personal:
            key = key_column.mask(key)
        rows.append({"row": row.number, "key": key, "fields": changed_headers(kind, row.changes)})
    return rows


def changed_headers(kind, changes: dict) -> list[str]:
    by_field = {column.field: column.header for column in kind.columns}
    headers = (by_field.get(name) or FIELD_HEADERS.get(name) or name for name in changes)
    return list(dict.fromkeys(headers))


def summary(result: ImportResult) -> str:
    counts = (
        f"新增 {result.created}，更新 {result.updated}，"
        f"未变化 {result.unchanged}，错误 {result.bad}"
    )
    if result.dry_run:
        return f"预览（未写入）：{counts}"
    if result.is_noop:
        return f"文件与系统中的数据一致，无需导入（{result.unchanged} 行未变化）"
    if result.bad and result.written:
        return (
            f"已导入正确的行，{result.bad} 行错误未导入（可下载错误行文件修改后再上传）：{counts}"
        )
    if result.bad and not result.written:
        return (
            f"有 {result.bad} 行错误，整个文件未导入"
            f"（可修改后重新上传，或选择“仅导入正确行”）：{counts}"
        )
    return f"已导入：{counts}"


def preview_is_noop(job: ImportJob) -> bool:
    """A dry run that found nothing to create or update: confirming would change nothing."""
    return job.dry_run and job.status == JobStatus.DONE and not (job.created or job.updated)


# --- export -----------------------------------------------------------------------------


def export_job_create(*, user, kind: str, filters: QueryDict, reveal: bool) -> ExportJob:
    kind_named(kind)
    query = filters.urlencode()
    return ExportJob.objects.create(
        kind=kind,
        user=user,
        reveal=reveal,
        filters_cipher=pii.encrypt(json.dumps(query)) if query else None,
    )


def export_job_filters(job: ExportJob) -> QueryDict:
    if not job.filters_cipher:
        return QueryDict()
    return QueryDict(json.loads(pii.decrypt(job.filters_cipher)))


def export_write(*, kind_name: str, queryset, user, stream, reveal: bool, progress=None) -> int:
    """The rows of ``queryset`` (already scoped and filtered) as an import-ready xlsx."""
    kind = kind_named(kind_name)
    reveal = reveal and kind.personal
    ctx = ImportContext(user=user)
    rows_of = kind.export_queryset(ctx).filter(pk__in=queryset.order_by().values("pk"))
    row = (lambda i: kind.export_row(i, reveal=True)) if reveal else kind.export_row
    headers = [column.header for column in kind.columns]
    rows = scope_rows(kind, ctx, (row(i) for i in rows_of.iterator(chunk_size=2000)))
    names = CodeNames(kind, ctx)  # the codes' names, on a second sheet
    rows = names.collect(typed_rows(kind, rows))
    # Not audited here: the act is the download (liangxin.audit.middleware), which the
    # view tells the row count and whether the file is plain.
    return write_xlsx(
        stream,
        headers,
        rows,
        sheet=kind.label,
        progress=progress,
        after=names.sheets,
    )


def export_job_run(*, job: ExportJob, queryset) -> None:
    if not _claim(job):
        return
    total = queryset.count()
    progress = JobProgress(job)
    try:
        progress(EXPORTING, 0, total)
        data = _export_bytes(job, queryset, lambda done: progress(EXPORTING, done, total))
        name = storage.save(data, suffix="xlsx")
    except ImportCancelled:
        _finish(job, status=JobStatus.CANCELLED, message="已取消导出")
        return
    except Exception:
        logger.exception("ledger export job %s failed", job.pk)
        _finish(job, status=JobStatus.FAILED, message=INTERNAL_ERROR.format(pk=job.pk))
        return
    finally:
        progress.close()
    _finish(
        job,
        status=JobStatus.DONE,
        stage="",
        stored_file=name,
        file_name=export_file_name(job.kind),
        rows_total=total,
        rows_done=total,
        message=f"已导出 {total} 行",
    )


def _export_bytes(job: ExportJob, queryset, progress) -> bytes:
    # XlsxWriter's constant-memory mode streams rows through a temporary file.
    with tempfile.TemporaryFile() as stream:
        export_write(
            kind_name=job.kind,
            queryset=queryset,
            user=job.user,
            stream=stream,
            reveal=job.reveal,
            progress=progress,
        )
        stream.seek(0)
        return stream.read()


def export_file_name(kind_name: str) -> str:
    kind = kind_named(kind_name)
    return f"{kind.label}台账_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


def registry_list_queryset(*, kind: str, user, filters: QueryDict):
    """Exactly the records the registry page lists for these filters (scoped to ``user``):
    the kind's list view (``LedgerKind.list_view``), same selector, same FilterSet."""
    view = import_string(kind_named(kind).list_view)
    queryset = view.selector(user=user)
    return view.filterset_class(filters, queryset=queryset).qs

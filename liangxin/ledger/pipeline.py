"""The import pipeline: read → check every cell → check every row → plan → write (or not).

All or nothing by default: a file with any bad row writes nothing, unless the
caller asks to keep the good rows. A dry run stops after planning.
"""

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.db import transaction

from liangxin.core.roles import can_edit
from liangxin.ledger import bulk, reader_process
from liangxin.ledger.framework import ImportContext, ParsedRow
from liangxin.ledger.history import record_history
from liangxin.ledger.kinds import LedgerKind, PackedWriter, kind_named
from liangxin.ledger.masked import prepare_plain, refuse_new_records, settle_and_prepare
from liangxin.ledger.parsing import (  # noqa: F401  (the parsing steps, as tests call them)
    PARSE_BLOCK,
    chunked,
    map_headers,
    mark_duplicate_keys,
    parse_block,
    parse_plan,
    parse_row,
)
from liangxin.ledger.reader import FileProblem, open_table

# progress(stage, done, total): stages READING, CHECKING, WRITING. A callback may
# raise ImportCancelled to stop; nothing is committed before WRITING ends.
Progress = Callable[[str, int, int], None]
READING, CHECKING, WRITING = "读取", "校验", "写入"


class ImportCancelled(Exception):
    """Raised by a progress callback when the user cancels; the transaction rolls back."""


@dataclass
class ImportResult:
    kind: str
    file_name: str
    sha256: str
    headers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: list[ParsedRow] = field(default_factory=list)
    updates: list[ParsedRow] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def bad(self) -> int:
        return len(self.bad_rows)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.bad

    @property
    def is_noop(self) -> bool:
        return self.created == 0 and self.updated == 0 and self.bad == 0


def plan(kind: LedgerKind, rows: list[ParsedRow], result: ImportResult):
    """Sort the checked rows; the counts add up over the chunks of a file."""
    created, updated = [], []
    for row in rows:
        if not row.ok:
            result.bad_rows.append(row)
        elif row.existing is None:
            created.append(row)
        else:
            row.changes = kind.diff(row)
            if row.changes:
                updated.append(row)
            else:
                result.unchanged += 1
    result.created += len(created)
    result.updated += len(updated)
    result.updates += updated
    return created, updated


def run_import(
    *,
    kind_name: str,
    data: bytes,
    file_name: str,
    ctx: ImportContext,
    dry_run: bool = False,
    keep_good: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one ledger file. Raises FileProblem when the file as a whole is unusable."""
    kind = kind_named(kind_name)
    if ctx.user is not None and not can_edit(ctx.user, kind_name):
        raise FileProblem(f"您的角色无权导入{kind.label}台账")
    result = ImportResult(kind_name, file_name, hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    ctx = dataclasses.replace(ctx, known={})  # references are looked up afresh per import
    report = progress or _silent
    if kind.streaming:
        _import_streaming(kind, data, result, ctx, keep_good=keep_good, report=report)
    else:
        _import_whole(kind, data, result, ctx, keep_good=keep_good, report=report)
    return result


def _silent(stage: str, done: int, total: int) -> None:
    pass


def _should_write(result: ImportResult, keep_good: bool) -> bool:
    if result.dry_run or (result.bad and not keep_good):
        return False
    return bool(result.created or result.updated)


def read_rows(kind, data: bytes, name: str, progress: Progress | None) -> tuple[list, list, list]:
    table = open_table(data, name=name)
    mapping, notes = map_headers(kind, table.headers)
    steps = parse_plan(mapping)
    rows = []
    for block in chunked(table.rows, PARSE_BLOCK):
        rows += parse_block(block, steps)
        if progress and len(rows) % 5000 == 0:
            progress(READING, len(rows), 0)
    if not rows:
        raise FileProblem("文件只有表头，没有数据行")
    return table.headers, rows, table.notes + notes


def _import_whole(kind, data, result: ImportResult, ctx, *, keep_good, report) -> None:
    """Tree kinds and small ledgers: every row in memory, model instances written in bulk."""
    result.headers, rows, result.notes = read_rows(kind, data, result.file_name, report)
    report(CHECKING, 0, len(rows))
    seen: dict = {}
    mark_duplicate_keys(kind, rows, seen)
    prepare_plain(kind, rows)
    masked = settle_and_prepare(kind, rows, ctx, seen)
    kind.resolve(rows, ctx)
    refuse_new_records(kind, masked)
    created, updated = plan(kind, rows, result)
    report(CHECKING, len(rows), len(rows))
    if not _should_write(result, keep_good):
        return
    with transaction.atomic():
        report(WRITING, 0, len(created) + len(updated))
        instances = kind.write(created, updated, ctx)
        record_history(kind, created, instances, updated, ctx)
        report(WRITING, len(created) + len(updated), len(created) + len(updated))
    result.written = True


def _import_streaming(kind, data, result: ImportResult, ctx, *, keep_good, report) -> None:
    if not result.dry_run and bulk.own_connection_possible():
        _import_writing_as_checked(kind, data, result, ctx, keep_good=keep_good, report=report)
    else:
        _import_spooled(kind, data, result, ctx, keep_good=keep_good, report=report)


def _import_writing_as_checked(kind, data, result: ImportResult, ctx, *, keep_good, report):
    """PostgreSQL: each chunk is written as soon as it passes, by a writer thread on a
    connection of its own holding the import's one transaction, committed at the end
    only if the file may be kept (all or nothing, or the good rows when asked).

    The server's work (COPY, indexes, triggers) then runs while this process checks
    the next chunk, instead of after the whole file; the checks go on in autocommit
    on the usual connection and never wait for a write. SQLite keeps the spool: its
    one writer would lock everyone out for the whole import.
    """
    worker = reader_process.wants_worker(data)
    writing = bulk.WritingConnection()
    next_ids = lambda count: bulk.allocate_ids(kind.model, count)  # noqa: E731
    try:
        writing.begin(written_models=[kind.model, LogEntry])
        # The reading process is forked before the writer thread starts (see reader_process).
        with reader_process.source_for(kind, data, result.file_name, worker=worker) as source:
            result.headers, result.notes = source.headers, source.notes
            report(READING, 0, 0)
            with PackedWriter(kind, ctx, ids=next_ids, wrapper=writing.wrapper) as out:
                checked = _check_chunks(kind, source.chunks, result, ctx, out, keep_good, report)
                report(CHECKING, checked, checked)
                keep = bool(checked) and _should_write(result, keep_good)
                if keep:
                    total = result.created + result.updated
                    report(WRITING, 0, total)
                    out.finish()
        if not checked:
            raise FileProblem("文件只有表头，没有数据行")
        if not source.cells_sent:
            reader_process.fill_cells(result.bad_rows, data, result.file_name)
        if keep:
            # The writer thread has run every statement; the last chance to cancel is now.
            report(WRITING, total, total)
            writing.commit()
            result.written = True
    finally:
        writing.close()


def _import_spooled(kind, data, result: ImportResult, ctx, *, keep_good, report) -> None:
    """Flat kinds: read and check chunk by chunk; planned writes wait in a spool on disk.

    Big files are read and given their database-free checks in a second process
    (``reader_process``) while this one checks the chunk before against the
    database. Only the bad rows keep their cells (the error file needs them); a
    good row is dropped once its chunk is planned, so memory does not grow with
    the file. Nothing is written until the whole file has been checked.
    """
    worker = reader_process.wants_worker(data)
    spool = None if result.dry_run else bulk.Spool()
    try:
        with reader_process.source_for(kind, data, result.file_name, worker=worker) as source:
            result.headers, result.notes = source.headers, source.notes
            report(READING, 0, 0)
            checked = _check_chunks(kind, source.chunks, result, ctx, spool, keep_good, report)
        if not checked:
            raise FileProblem("文件只有表头，没有数据行")
        if not source.cells_sent:
            reader_process.fill_cells(result.bad_rows, data, result.file_name)
        report(CHECKING, checked, checked)
        if _should_write(result, keep_good):
            _write_spool(kind, spool, result, ctx, report)
    finally:
        if spool is not None:
            spool.close()


def _check_chunks(kind, chunks, result: ImportResult, ctx, spool, keep_good, report) -> int:
    checked, masked_seen = 0, {}
    for chunk in chunks:
        # Rows with a masked cell come unprepared: settled here, against the database.
        masked = settle_and_prepare(kind, chunk, ctx, masked_seen)
        kind.resolve(chunk, ctx)
        refuse_new_records(kind, masked)
        created, updated = plan(kind, chunk, result)
        if spool is not None and (keep_good or not result.bad) and (created or updated):
            spool.add(kind.pack(created, updated))
        for row in chunk:
            if row.ok:
                row.cells = None
        checked += len(chunk)
        report(CHECKING, checked, 0)
    return checked


def _write_spool(kind, spool, result: ImportResult, ctx, report) -> None:
    total = result.created + result.updated
    with transaction.atomic(), bulk.write_settings():
        report(WRITING, 0, total)
        written = lambda done: report(WRITING, done, total)  # noqa: E731
        kind.write_packed(spool, ctx, written, new_records=result.created)
    result.written = True

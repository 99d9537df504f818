"""The import pipeline: read → check every cell → check every row → plan → write (or not).

All or nothing by default: a file with any bad row writes nothing, unless the
caller asks to keep the good rows. A dry run stops after planning.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from liangxin.accounts.roles import can_edit
from liangxin.ledger import bulk
from liangxin.ledger.cells import CellError
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.history import record_history
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.reader import FileProblem, open_table
from liangxin.ledger.registry import kind_named

# progress(stage, done, total): stages READING, CHECKING, WRITING. A callback may
# raise ImportCancelled to stop; nothing has been written before WRITING ends.
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


def map_headers(kind: LedgerKind, headers: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Column index → Column; unknown headers become notes, missing required ones a FileProblem."""
    by_header = {column.header: column for column in kind.columns}
    seen, mapping, unknown = set(), {}, []
    for index, header in enumerate(headers):
        if not header:
            continue
        if header in seen:
            raise FileProblem(f"表头“{header}”出现了不止一次")
        seen.add(header)
        if header in by_header:
            mapping[index] = by_header[header]
        else:
            unknown.append(header)
    missing = [c.header for c in kind.columns if c.required and c.header not in seen]
    if missing:
        raise FileProblem(f"缺少必填列：{'、'.join(missing)}（请使用{kind.label}台账模板的表头）")
    notes = [f"已忽略未知列：{'、'.join(unknown)}"] if unknown else []
    return mapping, notes


ParsePlan = list[tuple[int, str, Callable, bool, Column, dict | None]]

# Distinct texts remembered per repeating column (a date column of a million rows has a
# few tens of thousands); past this a new text is parsed every time, as without a cache.
PARSE_CACHE_LIMIT = 50_000


class _Failed:
    """A cached CellError: the message to give every row with the same text."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def parse_plan(mapping: dict[int, Column]) -> ParsePlan:
    """(index, field, parser, required, column, cache) per mapped column; one plan per file."""
    return [
        (i, c.field, c.parse, c.required, c, {} if c.repeats else None) for i, c in mapping.items()
    ]


def parse_row(number: int, cells: list, mapping: dict[int, Column] | ParsePlan) -> ParsedRow:
    plan = parse_plan(mapping) if isinstance(mapping, dict) else mapping
    return parse_block([(number, cells)], plan)[0]


def mark_duplicate_keys(kind: LedgerKind, rows: list[ParsedRow], first_seen=None) -> None:
    """A key met again fails; ``first_seen`` carries the keys across the chunks of one file."""
    first_seen = {} if first_seen is None else first_seen
    if type(kind).key_of is LedgerKind.key_of:  # the key column's value: look it up once
        field = kind.key_column.field
        keys = [row.values.get(field) for row in rows]
    else:
        keys = [kind.key_of(row) for row in rows]
    for row, key in zip(rows, keys, strict=True):
        if not key:
            continue
        if key in first_seen:
            row.fail(kind.key_column, key, f"与第 {first_seen[key]} 行重复")
        else:
            first_seen[key] = row.number


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


PARSE_BLOCK = 1000  # rows parsed together, column by column


def parse_block(block: list, plan: ParsePlan) -> list[ParsedRow]:
    """``[parse_row(number, cells, plan) for number, cells in block]``, column by column.

    The same values and the same errors in the same order (each row still meets its
    columns in plan order); the per-column set-up is paid once per block instead of
    once per cell, and a repeating column is mostly one dictionary lookup per row.
    """
    rows = [ParsedRow(number, cells) for number, cells in block]
    for index, name, parse, required, column, cache in plan:
        for row in rows:
            cells = row.cells
            raw = cells[index] if index < len(cells) else None
            if cache is not None and raw.__class__ is str:
                value = cache.get(raw, _Failed)
                if value is _Failed:  # not seen yet
                    try:
                        value = parse(raw)
                    except CellError as exc:
                        value = _Failed(str(exc))
                    if len(cache) < PARSE_CACHE_LIMIT:
                        cache[raw] = value
                if value.__class__ is _Failed:
                    row.fail(column, raw, value.reason)
                    continue
            else:
                try:
                    value = parse(raw)
                except CellError as exc:
                    row.fail(column, raw, str(exc))
                    continue
            if required and (value is None or value == ""):
                row.fail(column, raw, "必填项不能为空")
            row.values[name] = value
    return rows


def parsed_rows(kind, table, progress: Progress | None):
    mapping, notes = map_headers(kind, table.headers)
    steps = parse_plan(mapping)

    def rows():
        count = 0
        for block in chunked(table.rows, PARSE_BLOCK):
            for row in parse_block(block, steps):
                yield row
                count += 1
                if progress and count % 5000 == 0:
                    progress(READING, count, 0)

    return rows(), notes


def read_rows(kind, data: bytes, name: str, progress: Progress | None) -> tuple[list, list, list]:
    table = open_table(data, name=name)
    rows, notes = parsed_rows(kind, table, progress)
    rows = list(rows)
    if not rows:
        raise FileProblem("文件只有表头，没有数据行")
    return table.headers, rows, table.notes + notes


def chunked(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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


def _import_whole(kind, data, result: ImportResult, ctx, *, keep_good, report) -> None:
    """Tree kinds and small ledgers: every row in memory, model instances written in bulk."""
    result.headers, rows, result.notes = read_rows(kind, data, result.file_name, report)
    report(CHECKING, 0, len(rows))
    mark_duplicate_keys(kind, rows)
    kind.resolve(rows, ctx)
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
    """Flat kinds: read and check chunk by chunk; planned writes wait in a spool on disk.

    Only the bad rows keep their cells (the error file needs them); a good row is
    dropped once its chunk is planned, so memory does not grow with the file.
    Nothing is written until the whole file has been checked.
    """
    table = open_table(data, name=result.file_name)
    rows, notes = parsed_rows(kind, table, None)
    result.headers, result.notes = table.headers, table.notes + notes
    report(READING, 0, 0)
    spool = None if result.dry_run else bulk.Spool()
    try:
        checked = _check_chunks(kind, rows, result, ctx, spool, keep_good, report)
        if not checked:
            raise FileProblem("文件只有表头，没有数据行")
        report(CHECKING, checked, checked)
        if _should_write(result, keep_good):
            _write_spool(kind, spool, result, ctx, report)
    finally:
        if spool is not None:
            spool.close()


def _check_chunks(kind, rows, result: ImportResult, ctx, spool, keep_good, report) -> int:
    first_seen: dict = {}
    checked = 0
    for chunk in chunked(rows, kind.chunk_rows):
        mark_duplicate_keys(kind, chunk, first_seen)
        kind.resolve(chunk, ctx)
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
        kind.write_packed(spool, ctx, lambda done: report(WRITING, done, total))
    result.written = True

"""The import pipeline: read → check every cell → check every row → plan → write (or not).

All or nothing by default: a file with any bad row writes nothing, unless the
caller asks to keep the good rows. A dry run stops after planning.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from liangxin.accounts.roles import can_edit
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


def parse_row(number: int, cells: list, mapping: dict[int, Column]) -> ParsedRow:
    row = ParsedRow(number=number, cells=cells)
    for index, column in mapping.items():
        raw = cells[index] if index < len(cells) else None
        try:
            value = column.parse(raw)
        except CellError as exc:
            row.fail(column, raw, str(exc))
            continue
        if column.required and value in (None, ""):
            row.fail(column, raw, "必填项不能为空")
        row.values[column.field] = value
    return row


def mark_duplicate_keys(kind: LedgerKind, rows: list[ParsedRow]) -> None:
    first_seen: dict[str, int] = {}
    for row in rows:
        key = kind.key_of(row)
        if not key:
            continue
        if key in first_seen:
            row.fail(kind.key_column, key, f"与第 {first_seen[key]} 行重复")
        else:
            first_seen[key] = row.number


def plan(kind: LedgerKind, rows: list[ParsedRow], result: ImportResult):
    created, updated = [], []
    for row in rows:
        if not row.ok:
            result.bad_rows.append(row)
        elif row.existing is None:
            created.append(row)
        else:
            row.changes = kind.diff(row)
            (updated if row.changes else []).append(row)
            result.unchanged += 0 if row.changes else 1
    result.created, result.updated, result.updates = len(created), len(updated), updated
    return created, updated


def read_rows(kind, data: bytes, name: str, progress: Progress | None) -> tuple[list, list, list]:
    table = open_table(data, name=name)
    mapping, notes = map_headers(kind, table.headers)
    rows = []
    for number, cells in table.rows:
        rows.append(parse_row(number, cells, mapping))
        if progress and len(rows) % 5000 == 0:
            progress(READING, len(rows), 0)
    if not rows:
        raise FileProblem("文件只有表头，没有数据行")
    return table.headers, rows, table.notes + notes


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
    result.headers, rows, result.notes = read_rows(kind, data, file_name, progress)
    report = progress or (lambda stage, done, total: None)
    report(CHECKING, 0, len(rows))
    mark_duplicate_keys(kind, rows)
    kind.resolve(rows, ctx)
    created, updated = plan(kind, rows, result)
    report(CHECKING, len(rows), len(rows))
    if dry_run or (result.bad and not keep_good) or not (created or updated):
        return result
    with transaction.atomic():
        report(WRITING, 0, len(created) + len(updated))
        instances = kind.write(created, updated, ctx)
        record_history(kind, created, instances, updated, ctx)
        report(WRITING, len(created) + len(updated), len(created) + len(updated))
    result.written = True
    return result

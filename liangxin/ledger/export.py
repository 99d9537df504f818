"""Ledger exports with the import headers, so an export re-imports unchanged.

XlsxWriter in constant-memory mode streams rows to disk; the queryset is read
with ``iterator()`` in chunks, so memory stays flat whatever the row count.

Cells keep their types (core.spreadsheets): numbers stay numbers, and a date
column's ISO text becomes a date cell (its parser is ``cells.date``), which the
import reads back as the same day. Codes, keys, ID numbers and phones stay text.
"""

import datetime
import getpass
import inspect
from collections.abc import Callable
from contextlib import suppress

from liangxin.core.audit import record_event
from liangxin.core.spreadsheets import write_csv, write_xlsx
from liangxin.ledger import cells
from liangxin.ledger.framework import Column, ImportContext
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.names import CodeNames
from liangxin.ledger.scope import scope_rows

CHUNK = 2000


def export_rows(kind, ctx: ImportContext, *, region=None, reveal=False):
    """The kind's rows for ``ctx.user``: linked records outside the user's scope left out
    (``liangxin.ledger.scope``)."""
    return typed_rows(
        kind, scope_rows(kind, ctx, _kind_rows(kind, ctx, region=region, reveal=reveal))
    )


def is_date_column(column: Column) -> bool:
    """The column reads dates (``cells.date``, perhaps wrapped by ``not_after_today``)."""
    return inspect.unwrap(column.parse) is cells.date


def typed_rows(kind, rows):
    """``rows`` with the ISO dates of the kind's date columns as dates (typed cells); any
    other text there (a birth year a role sees instead of the date) stays text."""
    positions = [i for i, column in enumerate(kind.columns) if is_date_column(column)]
    if not positions:
        yield from rows
        return
    day = datetime.date.fromisoformat
    for row in rows:
        row = row if row.__class__ is list else list(row)
        for index in positions:
            value = row[index]
            if value.__class__ is str and len(value) == 10:
                with suppress(ValueError):  # not a date after all: left as it is
                    row[index] = day(value)
        yield row


def _kind_rows(kind, ctx: ImportContext, *, region=None, reveal=False):
    queryset = kind.export_queryset(ctx, region=region)
    plain = getattr(kind, "export_values", None)
    if plain is not None and not reveal:  # plain tuples: no model instance per row
        columns, row_of = plain()
        for values in queryset.values_list(*columns).iterator(chunk_size=CHUNK):
            yield row_of(values)
        return
    row_of = _row_function(kind, reveal)
    for instance in queryset.iterator(chunk_size=CHUNK):
        yield row_of(instance)


def _row_function(kind, reveal: bool) -> Callable:
    if reveal:
        return lambda instance: kind.export_row(instance, reveal=True)
    return kind.export_row


def export_ledger(
    kind_name: str,
    stream,
    ctx: ImportContext,
    *,
    fmt="xlsx",
    region=None,
    reveal=False,
    progress=None,
) -> int:
    kind = kind_named(kind_name)
    reveal = reveal and kind.personal
    headers = [column.header for column in kind.columns]
    rows = export_rows(kind, ctx, region=region, reveal=reveal)
    if fmt == "csv":
        count = write_csv(stream, headers, rows)
    else:
        names = CodeNames(kind, ctx)  # the codes' names, on a second sheet
        rows = names.collect(rows)
        count = write_xlsx(
            stream, headers, rows, sheet=kind.label, progress=progress, after=names.sheets
        )
    record_export(kind, ctx, count, plain=reveal, fmt=fmt)
    return count


def record_export(kind, ctx: ImportContext, count: int, *, plain: bool, fmt: str) -> None:
    """One audit entry for every export written here (the export_ledger command), masked
    or plain; page downloads are audited by liangxin.audit.middleware."""
    shown = "导出明文" if plain else "导出（已脱敏）"
    record_event(
        ctx.user,
        action="export",
        summary=f"{shown}：{kind.label}台账 {count} 行（{fmt}）",
        details={"kind": kind.name, "rows": count, "plain": plain, "os_user": getpass.getuser()},
    )

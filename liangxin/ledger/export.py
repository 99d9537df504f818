"""Ledger exports with the import headers, so an export re-imports unchanged.

XlsxWriter in constant-memory mode streams rows to disk; the queryset is read
with ``iterator()`` in chunks, so memory stays flat whatever the row count.
"""

import csv
import io
from collections.abc import Callable

import xlsxwriter
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liangxin.core.audit import current_channel
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.registry import kind_named

CHUNK = 2000


def export_rows(kind, ctx: ImportContext, *, region=None, reveal=False):
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


XLSX_OPTIONS = {
    "constant_memory": True,
    "in_memory": False,
    # Cells are data, never formulas or links: "=…" typed by a user stays text.
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


def write_xlsx(stream, headers: list[str], rows, *, sheet: str, progress=None) -> int:
    workbook = xlsxwriter.Workbook(stream, XLSX_OPTIONS)
    worksheet = workbook.add_worksheet(sheet)
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2"})
    worksheet.write_row(0, 0, headers, bold)
    worksheet.set_column(0, len(headers) - 1, 18, text)
    count = 0
    write = worksheet.write_string  # strings only: codes such as 350599 must not turn into numbers
    for count, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if cell is not None and cell != "":
                write(count, column, cell if cell.__class__ is str else str(cell), text)
        if progress and count % 10000 == 0:
            progress(count)
    workbook.close()
    return count


def write_csv(stream, headers: list[str], rows) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    text.flush()
    text.detach()
    return count


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
        count = write_xlsx(stream, headers, rows, sheet=kind.label, progress=progress)
    if reveal:
        record_plaintext_export(kind, ctx, count)
    return count


def record_plaintext_export(kind, ctx: ImportContext, count: int) -> None:
    """One ACCESS entry for an export that shows personal data in plain text."""
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=ContentType.objects.get_for_model(kind.model),
                object_pk="*",
                object_repr=f"{kind.label}台账导出",
                action=LogEntry.Action.ACCESS,
                changes={},
                changes_text=f"导出明文：{count} 条{kind.label}记录",
                actor=ctx.user,
                additional_data={**current_channel(), "export": kind.name, "rows": count},
            )
        ]
    )

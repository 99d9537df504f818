"""Ledger exports with the import headers, so an export re-imports unchanged.

XlsxWriter in constant-memory mode streams rows to disk; the queryset is read
with ``iterator()`` in chunks, so memory stays flat whatever the row count.
"""

import csv
import getpass
import io
import re
from collections.abc import Callable

import xlsxwriter
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from liangxin.core.audit import record_event
from liangxin.ledger.formulas import FIRST_CHARACTERS as FORMULA_FIRST
from liangxin.ledger.formulas import neutralize, neutralize_cell
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.registry import kind_named
from liangxin.ledger.scope import scope_rows

CHUNK = 2000
XLS_STRMAX = 32767  # XlsxWriter's Worksheet.xls_strmax: longer strings are truncated
XLS_ROWMAX = 1_048_576  # and xls_rowmax: rows past it are not written
_ESCAPER = XMLwriter()
# Anything XlsxWriter's string escaping (xmlwriter._escape_control_characters and
# _escape_data, utility._preserve_whitespace) would act on.
PLAIN_TEXT_TROUBLE = re.compile(r"[\x00-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


def export_rows(kind, ctx: ImportContext, *, region=None, reveal=False):
    """The kind's rows for ``ctx.user``: linked records outside the user's scope left out
    (``liangxin.ledger.scope``)."""
    return scope_rows(kind, ctx, _kind_rows(kind, ctx, region=region, reveal=reveal))


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
    # Strings only: codes such as 350599 must not turn into numbers.
    streamed = StringRows(worksheet, text, len(headers))
    write, count = streamed.write, 0
    for count, row in enumerate(rows, start=1):
        write(count, row)
        if progress and count % 10000 == 0:
            progress(count)
    streamed.flush()
    workbook.close()
    return count


class StringRows:
    """Text cells streamed into a constant-memory XlsxWriter worksheet, a row at a time.

    ``worksheet.write_string(row, col, cell, fmt)`` for every non-empty cell costs
    about 13 µs a cell in XlsxWriter's pure-Python path (argument checks, a cell
    tuple, then per cell XML escaping with four regular expressions): two minutes
    for a million-row export. This writes the very same ``<row>``/``<c … t="inlineStr">``
    XML XlsxWriter writes in constant-memory mode (its own escaping helpers, applied
    once per distinct value of a column and remembered) straight into the worksheet's
    row stream, and keeps the worksheet's row and dimension bookkeeping as
    ``write_string`` would. tests/ledger/test_export_xlsx.py compares the sheet XML
    byte for byte with ``write_string``'s output.
    """

    CACHE_LIMIT = 20_000  # remembered cell texts per column: memory stays flat

    def __init__(self, worksheet, cell_format, width: int):
        self.worksheet = worksheet
        self.cell_format = cell_format
        self.letters = [xl_col_to_name(column) for column in range(width)]
        self.caches: list[dict] = [{} for _ in range(width)]
        self.tail = None  # ' s="N"' once the header row is out and the format has its index
        self.pending: list[str] = []  # rows not yet written to the worksheet's row file

    def write(self, row: int, cells) -> None:
        """Row ``row`` (1, 2, … in order; 0 is the header) from ``cells``; empties left out."""
        if row >= XLS_ROWMAX:
            return  # past the sheet's last row: write_string ignores such cells too
        if self.tail is None:
            if all(cell is None or cell == "" for cell in cells):
                return  # XlsxWriter writes no <row> for a row without cells
            self.start(row)
        caches, letters, number, parts = self.caches, self.letters, str(row + 1), []
        first = last = 0
        for column, cell in enumerate(cells):
            if cell is None or cell == "":
                continue
            if cell.__class__ is not str:
                cell = str(cell)  # a number or a date: never a formula
            elif cell[0] in FORMULA_FIRST:
                cell = neutralize(cell)  # "=…" would run as a formula in Excel or WPS
            try:
                cache = caches[column]
            except IndexError:  # a row wider than the headers
                cache = self.grow(column)
            body = cache.get(cell)
            if body is None:
                body = self.cell_body(cell)
                if len(cache) < self.CACHE_LIMIT:
                    cache[cell] = body
            if not parts:
                first = column
            last = column
            parts.append(f'<c r="{letters[column]}{number}"{body}')
        if not parts:
            return  # XlsxWriter writes no <row> for a row without cells
        self.pending.append(f'<row r="{number}">{"".join(parts)}</row>')
        if len(self.pending) >= 200:
            self.flush()
        # The bookkeeping write_string does cell by cell: the used range of the sheet.
        worksheet = self.worksheet
        worksheet._check_dimensions(row, last)
        if first < worksheet.dim_colmin:
            worksheet._check_dimensions(row, first)

    def flush(self) -> None:
        """Hand the buffered rows to the worksheet's row file (before ``workbook.close()``)."""
        if self.pending:
            self.worksheet.fh.write("".join(self.pending))
            self.pending.clear()

    def grow(self, column: int) -> dict:
        while len(self.caches) <= column:
            self.letters.append(xl_col_to_name(len(self.caches)))
            self.caches.append({})
        return self.caches[column]

    def start(self, row: int) -> None:
        """Flush the header row the way XlsxWriter does when a later row starts."""
        self.worksheet._write_single_row(row)
        self.tail = f' s="{self.cell_format._get_xf_index()}"'

    def cell_body(self, value: str) -> str:
        """What XlsxWriter writes for a string cell after its ``r`` attribute."""
        if len(value) <= XLS_STRMAX // 2 and not PLAIN_TEXT_TROUBLE.search(value):
            # Nothing for the steps below to change: no control or non-characters, no
            # literal _xHHHH_, no & < >, no whitespace at either end.
            return f'{self.tail} t="inlineStr"><is><t>{value}</t></is></c>'
        if len(value) > XLS_STRMAX // 2 and _utf16_len(value) > XLS_STRMAX:
            value = _utf16_truncate(value, XLS_STRMAX)
        value = XMLwriter._escape_control_characters(value)
        if value.startswith("<r>") and value.endswith("</r>"):
            return f'{self.tail} t="inlineStr"><is>{value}</is></c>'
        space = ' xml:space="preserve"' if _preserve_whitespace(value) else ""
        value = _ESCAPER._escape_data(value)
        return f'{self.tail} t="inlineStr"><is><t{space}>{value}</t></is></c>'


def write_csv(stream, headers: list[str], rows) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([neutralize_cell(cell) for cell in row])
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

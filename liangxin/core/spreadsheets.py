"""Spreadsheet writers every export uses: XlsxWriter in constant-memory mode and CSV.

Rows stream to disk, so memory stays flat whatever the row count. Cells that
would run as formulas in Excel or WPS are neutralized (core.formulas).
"""

import csv
import io
import re

import xlsxwriter
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from liangxin.core.formulas import FIRST_CHARACTERS as FORMULA_FIRST
from liangxin.core.formulas import neutralize, neutralize_cell

XLS_STRMAX = 32767  # XlsxWriter's Worksheet.xls_strmax: longer strings are truncated
XLS_ROWMAX = 1_048_576  # and xls_rowmax: rows past it are not written
_ESCAPER = XMLwriter()
# Anything XlsxWriter's string escaping (xmlwriter._escape_control_characters and
# _escape_data, utility._preserve_whitespace) would act on.
PLAIN_TEXT_TROUBLE = re.compile(r"[\x00-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


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

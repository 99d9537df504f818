"""Spreadsheet writers every export uses: XlsxWriter in constant-memory mode and CSV.

Rows stream to disk, so memory stays flat whatever the row count. Cells that
would run as formulas in Excel or WPS are neutralized (core.formulas).

A cell's Python type decides its spreadsheet type, never its text: ``str`` is
always a text cell (a USCC, an ID number, a code or a phone number such as
"0350599" keeps its leading zero), ``int``/``float``/``Decimal`` a number
(``Decimal`` with two places shows two), ``date``/``datetime`` a date cell with
a date format, ``Percent`` a number with a % format, ``bool`` 是/否. Callers that
want a number or a date in Excel hand over the number or the date, not its text.

Every sheet has a bold header row, frozen, with an autofilter over the rows, and
column widths that fit what is written (CJK characters count double, capped);
report exports may put a title row (name, scope, date) above the header.
Ledger exports stay header-first, so they re-import (DOMAIN.md §5).
"""

import csv
import datetime
import io
import math
import re
import unicodedata
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from xlsxwriter.utility import (
    _datetime_to_excel_datetime,
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
    xl_col_to_name,
)
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

# Column widths, in Excel's character units: a CJK character counts two.
MIN_WIDTH, MAX_WIDTH, WIDTH_PADDING = 6, 60, 2
# Widths are measured over the first rows only (and each distinct text once): a
# million-row export costs no more than a small one.
WIDTH_SAMPLE_ROWS = 5000

FORMATS = {
    "header": {"bold": True, "bg_color": "#F2F2F2", "border": 1, "valign": "vcenter"},
    "title": {"bold": True, "font_size": 13},
    "text": {"num_format": "@"},
    "integer": {"num_format": "0"},
    "number": {},
    "money": {"num_format": "0.00"},
    "date": {"num_format": "yyyy-mm-dd"},
    "datetime": {"num_format": "yyyy-mm-dd hh:mm:ss"},
    "percent": {"num_format": "0.0%"},
}
TYPED_WIDTHS = {"date": 10, "datetime": 19, "percent": 7}
YES, NO = "是", "否"
_DATE = datetime.date


class Percent(float):
    """A percentage as people say it (73.5 means 73.5 %): a number cell showing 73.5%."""

    def __str__(self) -> str:  # CSV and any text use
        return f"{float(self):.1f}%"


def display_width(text: str) -> int:
    """How many character widths ``text`` takes in a spreadsheet column (CJK double)."""
    if text.isascii():
        return len(text)
    if len(text) > MAX_WIDTH:
        text = text[:MAX_WIDTH]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_width(measured: int) -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, measured + WIDTH_PADDING))


class Sheet:
    """One worksheet's frame: formats, the title and header rows, and at close the frozen
    header, the autofilter and the widths. ``write_xlsx`` fills it with ``StringRows``."""

    def __init__(self, stream, headers: list[str], *, sheet: str, title: str = ""):
        self.workbook = xlsxwriter.Workbook(stream, XLSX_OPTIONS)
        self.worksheet = self.workbook.add_worksheet(sheet)
        self.formats = {name: self.workbook.add_format(spec) for name, spec in FORMATS.items()}
        for fmt in self.formats.values():
            # Style indexes in a fixed order, whichever cells come first: the styles part
            # is the same as the library's own writes give (tests/ledger/test_export_xlsx.py).
            fmt._get_xf_index()
        self.headers = headers
        self.header_row = 1 if title else 0
        self.width = max(len(headers), 1)
        if title:
            # One cell, not merged: the text runs on over the empty cells beside it, and a
            # re-imported report meets no merged range (ledger.reader notes those).
            self.worksheet.write_string(0, 0, title, self.formats["title"])
            self.worksheet.set_row(0, 24)
        self.worksheet.write_row(self.header_row, 0, headers, self.formats["header"])

    def add_table(self, name: str, headers: list[str], rows: list[list]) -> None:
        """A small second sheet (a lookup table): text cells, header frozen, widths fitted."""
        worksheet = self.workbook.add_worksheet(name)
        worksheet.write_row(0, 0, headers, self.formats["header"])
        widths = [display_width(header) for header in headers]
        for number, row in enumerate(rows, start=1):
            for column, cell in enumerate(row):
                text = neutralize(str(cell))
                worksheet.write_string(number, column, text, self.formats["text"])
                widths[column] = max(widths[column], display_width(text))
        for column, width in enumerate(widths):
            worksheet.set_column(column, column, column_width(width), self.formats["text"])
        worksheet.freeze_panes(1, 0)

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    def close(self, last_row: int, widths: list[int], typed: list[bool]) -> None:
        worksheet, text = self.worksheet, self.formats["text"]
        for column, header in enumerate(self.headers):
            measured = max(display_width(header), widths[column] if column < len(widths) else 0)
            # A column of text only keeps text as its format: a code typed into a new
            # row keeps its leading zeros.
            fmt = None if column < len(typed) and typed[column] else text
            worksheet.set_column(column, column, column_width(measured), fmt)
        worksheet.freeze_panes(self.first_row, 0)
        if self.headers:
            worksheet.autofilter(
                self.header_row, 0, max(last_row, self.header_row), len(self.headers) - 1
            )
        self.workbook.close()


def write_xlsx(
    stream, headers: list[str], rows, *, sheet: str, progress=None, title: str = "", after=None
) -> int:
    """Write ``rows`` under ``headers``; return the number of rows. ``title`` (report
    exports only) goes in a row above the header. ``after()``, called once the rows are
    written, may give more sheets: (name, headers, rows) each, small ones."""
    frame = Sheet(stream, headers, sheet=sheet, title=title)
    streamed = StringRows(frame.worksheet, frame.formats, len(headers))
    write, count, offset = streamed.write, 0, frame.header_row
    for count, row in enumerate(rows, start=1):
        write(count + offset, row)
        if progress and count % 10000 == 0:
            progress(count)
    streamed.flush()
    for name, more_headers, more_rows in after() if after else ():
        frame.add_table(name, more_headers, more_rows)
    frame.close(count + offset, streamed.widths, streamed.typed)
    return count


class StringRows:
    """Cells streamed into a constant-memory XlsxWriter worksheet, a row at a time.

    ``worksheet.write_string(row, col, cell, fmt)`` for every non-empty cell costs
    about 13 µs a cell in XlsxWriter's pure-Python path (argument checks, a cell
    tuple, then per cell XML escaping with four regular expressions): two minutes
    for a million-row export. This writes the very same ``<row>``/``<c …>`` XML
    XlsxWriter writes in constant-memory mode for ``write_string``, ``write_number``
    and ``write_datetime`` (its own escaping and date helpers, applied once per
    distinct value of a column and remembered) straight into the worksheet's row
    stream, and keeps the worksheet's row and dimension bookkeeping as those calls
    would. tests/ledger/test_export_xlsx.py compares the sheet XML byte for byte
    with the library's output.

    On the way it measures each column (``widths``, over the first rows) and notes
    which columns hold a number or a date (``typed``).
    """

    CACHE_LIMIT = 20_000  # remembered cell texts per column: memory stays flat

    def __init__(self, worksheet, formats: dict, width: int):
        self.worksheet = worksheet
        self.formats = formats
        self.letters = [xl_col_to_name(column) for column in range(width)]
        self.caches: list[dict] = [{} for _ in range(width)]
        self.widths = [0] * width
        self.typed = [False] * width
        self.styles = None  # {format name: ' s="N"'} once the header row is out
        self.tail = None  # the text format's ' s="N"'
        self.measuring = True
        self.pending: list[str] = []  # rows not yet written to the worksheet's row file

    def write(self, row: int, cells) -> None:
        """Row ``row`` (after the header, in order) from ``cells``; empties left out."""
        if row >= XLS_ROWMAX:
            return  # past the sheet's last row: write_string ignores such cells too
        if self.tail is None:
            if all(cell is None or cell == "" for cell in cells):
                return  # XlsxWriter writes no <row> for a row without cells
            self.start(row)
        if self.measuring and row > WIDTH_SAMPLE_ROWS:
            self.measuring = False
        caches, letters, number, parts = self.caches, self.letters, str(row + 1), []
        first = last = 0
        for column, cell in enumerate(cells):
            if cell is None or cell == "":
                continue
            # 1, 1.0, Decimal(1) and True are equal keys: other types are keyed by type too
            # (text, whole numbers and dates, the common cells, need no tuple).
            cls = cell.__class__
            key = cell if cls is str or cls is int or cls is _DATE else (cls, cell)
            try:
                cache = caches[column]
            except IndexError:  # a row wider than the headers
                cache = self.grow(column)
            body = cache.get(key)
            if body is None:
                body = self.body_of(cell, column)
                if len(cache) < self.CACHE_LIMIT:
                    cache[key] = body
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
            self.widths.append(0)
            self.typed.append(False)
        return self.caches[column]

    def start(self, row: int) -> None:
        """Flush the header row the way XlsxWriter does when a later row starts."""
        self.worksheet._write_single_row(row)
        self.styles = {name: f' s="{fmt._get_xf_index()}"' for name, fmt in self.formats.items()}
        self.tail = self.styles["text"]

    def body_of(self, cell, column: int) -> str:
        """What XlsxWriter writes for ``cell`` after its ``r`` attribute; the column's
        width and type noted."""
        style, value, shown = cell_kind(cell)
        if style is None:  # text
            if value and value[0] in FORMULA_FIRST:
                value = neutralize(value)  # "=…" would run as a formula in Excel or WPS
            if self.measuring:
                self.widths[column] = max(self.widths[column], display_width(value))
            return self.cell_body(value)
        self.typed[column] = True
        if self.measuring:
            self.widths[column] = max(self.widths[column], TYPED_WIDTHS.get(style, len(shown)))
        return f"{self.styles[style]}><v>{value:.16G}</v></c>"

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


def cell_kind(cell) -> tuple[str | None, object, str]:
    """(format name or None for text, the value to write, its text for the width)."""
    cls = cell.__class__
    if cls is str:
        return None, cell, cell
    if cls is bool:
        return None, YES if cell else NO, ""
    if cls is Percent:
        if math.isfinite(cell):
            return "percent", cell / 100, ""
        return None, str(cell), ""
    if cls is int:
        return "integer", cell, str(cell)
    if cls is float:
        return ("number", cell, f"{cell:.10G}") if math.isfinite(cell) else (None, str(cell), "")
    if cls is Decimal:
        if not cell.is_finite():
            return None, str(cell), ""
        style = "money" if cell.as_tuple().exponent == -2 else "number"
        return style, float(cell), str(cell)
    if cls is datetime.datetime:
        if cell.tzinfo is not None:  # in the local time zone, as the pages show it
            cell = timezone.localtime(cell).replace(tzinfo=None)
        return "datetime", _datetime_to_excel_datetime(cell, False, False), ""
    if cls is datetime.date:
        return "date", _datetime_to_excel_datetime(cell, False, False), ""
    if isinstance(cell, str | bool | int | float | Decimal | datetime.date):
        # A subclass (a choices member, a safe string): as the plain type it extends.
        for plain in (str, bool, int, float, Decimal, datetime.datetime, datetime.date):
            if isinstance(cell, plain):
                return cell_kind(_as_plain(cell, plain))
    return None, str(cell), ""


def _as_plain(cell, plain):
    if plain is datetime.datetime:
        return datetime.datetime.combine(cell.date(), cell.timetz())
    if plain is datetime.date:
        return datetime.date(cell.year, cell.month, cell.day)
    return plain(cell)


def write_csv(stream, headers: list[str], rows) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([neutralize_cell(csv_cell(cell)) for cell in row])
        count += 1
    text.flush()
    text.detach()
    return count


def plain_cell(value):
    """A page's cell for a workbook: numbers and dates as they are (typed cells), nothing
    as an empty cell, anything else (a record, a label) as its text."""
    if value is None:
        return ""
    if isinstance(value, str | int | float | Decimal | datetime.date):
        return value
    return str(value)


def csv_cell(cell):
    """A CSV cell as the xlsx shows it: 是/否, dates as YYYY-MM-DD, local times, 73.5%."""
    cls = cell.__class__
    if cls is str or cls is int or cell is None:
        return cell
    if cls is bool:
        return YES if cell else NO
    if isinstance(cell, datetime.datetime):
        if cell.tzinfo is not None:
            cell = timezone.localtime(cell).replace(tzinfo=None)
        return cell.isoformat(sep=" ", timespec="seconds")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell) if cls is Percent else cell

"""The error file: the user's own bad rows, as read, with a 错误原因 column to fix and re-upload.

Cells stay exactly as the user typed them (their file, their data), in the
header order of their file, so the corrected file imports with no rework.
"""

import datetime
import io
import math

import xlsxwriter

from liangxin.core.formulas import neutralize
from liangxin.ledger.framework import ParsedRow

REASON_HEADER = "错误原因"
SHEET_NAME = "错误行"


def reasons_of(row: ParsedRow) -> str:
    """Every reason of the row in one cell: "列名：原因；列名：原因"."""
    return "；".join(f"{error.header}：{error.reason}" for error in row.errors)


def build_error_file(headers: list[str], bad_rows: list[ParsedRow]) -> bytes:
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    formats = _formats(workbook)
    sheet.write_row(0, 0, [*headers, REASON_HEADER], formats["header"])
    sheet.set_column(0, len(headers) - 1, 18, formats["text"])
    sheet.set_column(len(headers), len(headers), 60, formats["reason"])
    for index, row in enumerate(bad_rows, start=1):
        cells = list(row.cells or [])[: len(headers)]
        cells += [None] * (len(headers) - len(cells))
        for column, value in enumerate(cells):
            _write_cell(sheet, index, column, value, formats)
        sheet.write_string(index, len(headers), reasons_of(row), formats["reason"])
    sheet.freeze_panes(1, 0)
    workbook.close()
    return stream.getvalue()


def _formats(workbook) -> dict:
    return {
        "header": workbook.add_format({"bold": True, "bg_color": "#F2F2F2"}),
        "text": workbook.add_format({"num_format": "@"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "reason": workbook.add_format({"font_color": "#C00000", "text_wrap": True}),
    }


def _write_cell(sheet, row: int, column: int, value, formats: dict) -> None:
    """Each value as its own type: dates stay dates, text stays text (no formula is ever run)."""
    if value is None or value == "":
        return
    if isinstance(value, datetime.datetime | datetime.date):
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time())
        sheet.write_datetime(row, column, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float) and math.isfinite(value):
        sheet.write_number(row, column, value)
    else:
        # write_string, not write: a cell reading "=SUM(A1)" must stay text; and quoted, so
        # that Excel or WPS never runs it once the user edits the cell (ledger.formulas).
        sheet.write_string(row, column, neutralize(str(value))[:32767], formats["text"])

"""Build ledger files in memory for the import tests."""

import csv
import datetime
import io

import xlsxwriter

from liangxin.ledger.framework import ImportContext
from liangxin.ledger.pipeline import run_import


def csv_bytes(rows: list[list], *, encoding="utf-8") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], *, extra=None) -> bytes:
    """Dates become real Excel date cells; ``extra(workbook, sheet)`` may add more."""
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet("台账")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    r, c, datetime.datetime.combine(value, datetime.time()), date_format
                )
            else:
                sheet.write(r, c, value)
    if extra:
        extra(workbook, sheet)
    workbook.close()
    return stream.getvalue()


def run(kind, data, *, user=None, name="ledger.csv", **options):
    ctx = ImportContext(user=user, file_name=name)
    return run_import(kind_name=kind, data=data, file_name=name, ctx=ctx, **options)


def errors(result) -> list[tuple[int, str, str]]:
    return [(row.number, e.header, e.reason) for row in result.bad_rows for e in row.errors]

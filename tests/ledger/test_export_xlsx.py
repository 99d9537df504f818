"""The streamed xlsx rows (export.StringRows) are exactly what XlsxWriter's write_string writes."""

import datetime
import io
import zipfile

import python_calamine
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from liangxin.core.formulas import neutralize
from liangxin.core.spreadsheets import XLSX_OPTIONS, write_xlsx

HEADERS = ["统一社会信用代码", "企业名称", "地址", "成立日期", "职工人数"]


def reference_xlsx(stream, headers, rows, *, sheet):
    """write_xlsx as it was: write_string for every non-empty cell (the library's own path),
    text neutralized against formula injection as write_xlsx does."""
    workbook = xlsxwriter.Workbook(stream, XLSX_OPTIONS)
    worksheet = workbook.add_worksheet(sheet)
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2"})
    worksheet.write_row(0, 0, headers, bold)
    worksheet.set_column(0, len(headers) - 1, 18, text)
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if cell is not None and cell != "":
                worksheet.write_string(
                    count, column, neutralize(cell) if cell.__class__ is str else str(cell), text
                )
    workbook.close()
    return count


def parts(data: bytes) -> dict:
    """Every file of the package but docProps/core.xml (it holds the creation time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


def both(rows, headers=HEADERS):
    ours, theirs = io.BytesIO(), io.BytesIO()
    count = write_xlsx(ours, headers, iter(rows), sheet="市场主体")
    assert count == reference_xlsx(theirs, headers, iter(rows), sheet="市场主体")
    return parts(ours.getvalue()), parts(theirs.getvalue())


TRICKY = [
    "91350100M000100Y43",
    "泉州“测试”有限公司 & <分公司>",
    " leading",
    "trailing ",
    "\ttab",
    "line\nbreak",
    "ctrl\x01\x1f",
    "_x0041_ literal escape",
    "<r>looks rich</r>",
    "\ufffe\uffff",
    "emoji 🎉",
    '"quoted"',
    "=1+1",
    "350599",
    "x" * 20_000,
    "🎉" * 16_400,  # over 32,767 UTF-16 units: truncated like write_string does
]


def test_tricky_strings_give_the_same_package():
    rows = [[value, value, "", None, 12] for value in TRICKY]
    rows += [[None, "", None, "", None], ["A", "B", "C", datetime.date(2020, 3, 5), 0]]
    rows += [[value, None, value, value, value] for value in TRICKY]  # cached bodies
    ours, theirs = both(rows)
    assert ours == theirs


def test_empty_export_and_blank_rows_only():
    assert both([])[0] == both([])[1]
    ours, theirs = both([[None, "", None, "", None]] * 3)
    assert ours == theirs


def test_rows_wider_than_the_headers():
    ours, theirs = both([["a", "b", "c", "d", "e", "f", "g"]] * 2)
    assert ours == theirs


CELL = st.one_of(
    st.none(), st.text(max_size=12), st.integers(0, 10**6), st.sampled_from(["是", "否", ""])
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELL, min_size=5, max_size=5), max_size=12))
def test_any_rows_give_the_same_package(rows):
    ours, theirs = both(rows)
    assert ours == theirs


def test_calamine_reads_back_the_strings():
    stream = io.BytesIO()
    rows = [["91350100M000100Y43", "甲 & 乙", "", None, 7], ["350599", " x ", "y", "2020-03-05", 0]]
    write_xlsx(stream, HEADERS, iter(rows), sheet="台账")
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(stream.getvalue()))
    values = sheet.get_sheet_by_index(0).to_python()
    assert values[1][:2] == ["91350100M000100Y43", "甲 & 乙"]
    assert values[2] == ["350599", " x ", "y", "2020-03-05", "0"]

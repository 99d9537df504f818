"""The streamed xlsx rows (spreadsheets.StringRows) are exactly what XlsxWriter's own
write_string, write_number and write_datetime write."""

import datetime
import io
import zipfile
from decimal import Decimal

import python_calamine
from hypothesis import given, settings
from hypothesis import strategies as st

from liangxin.core.formulas import neutralize
from liangxin.core.spreadsheets import (
    TYPED_WIDTHS,
    Percent,
    Sheet,
    cell_kind,
    display_width,
    write_xlsx,
)

HEADERS = ["统一社会信用代码", "企业名称", "地址", "成立日期", "职工人数"]


def reference_xlsx(stream, headers, rows, *, sheet, title=""):
    """write_xlsx through the library's own calls: write_string for text (neutralized
    against formula injection), write_number and write_datetime for typed cells, in the
    same frame (formats, title, frozen header, autofilter, widths)."""
    frame = Sheet(stream, headers, sheet=sheet, title=title)
    worksheet, formats = frame.worksheet, frame.formats
    widths, typed = [0] * len(headers), [False] * len(headers)
    count = 0
    for count, row in enumerate(rows, start=1):
        number = count + frame.header_row
        for column, cell in enumerate(row):
            if cell is None or cell == "":
                continue
            while column >= len(widths):
                widths.append(0)
                typed.append(False)
            style, value, shown = cell_kind(cell)
            if style is None:
                value = neutralize(value)
                worksheet.write_string(number, column, value, formats["text"])
                widths[column] = max(widths[column], display_width(value))
                continue
            typed[column] = True
            widths[column] = max(widths[column], TYPED_WIDTHS.get(style, len(shown)))
            if style in ("date", "datetime"):
                plain = cell.replace(tzinfo=None) if style == "datetime" else cell
                worksheet.write_datetime(number, column, plain, formats[style])
            else:
                worksheet.write_number(number, column, value, formats[style])
    frame.close(count + frame.header_row, widths, typed)
    return count


def parts(data: bytes) -> dict:
    """Every file of the package but docProps/core.xml (it holds the creation time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


def both(rows, headers=HEADERS, title=""):
    ours, theirs = io.BytesIO(), io.BytesIO()
    count = write_xlsx(ours, headers, iter(rows), sheet="市场主体", title=title)
    assert count == reference_xlsx(theirs, headers, iter(rows), sheet="市场主体", title=title)
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
    st.none(),
    st.text(max_size=12),
    st.integers(0, 10**6),
    st.sampled_from(["是", "否", ""]),
    st.booleans(),
    st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1)),
    st.decimals(0, 10**6, places=2),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.builds(Percent, st.floats(0, 100)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELL, min_size=5, max_size=5), max_size=12))
def test_any_rows_give_the_same_package(rows):
    ours, theirs = both(rows)
    assert ours == theirs


def test_typed_cells_and_a_title_give_the_same_package():
    rows = [
        ["0350599", "甲", 12, datetime.date(2020, 3, 5), Decimal("3000.00")],
        ["350599", True, 1.5, datetime.datetime(2020, 1, 1, 9, 30), Percent(73.5)],
        ["=1", False, 0, datetime.date(1999, 12, 31), Decimal("1")],
    ]
    ours, theirs = both(rows, title="测试（范围：全区；导出日期：2026-12-03）")
    assert ours == theirs


def test_calamine_reads_back_the_strings():
    stream = io.BytesIO()
    rows = [["91350100M000100Y43", "甲 & 乙", "", None, 7], ["350599", " x ", "y", "2020-03-05", 0]]
    write_xlsx(stream, HEADERS, iter(rows), sheet="台账")
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(stream.getvalue()))
    values = sheet.get_sheet_by_index(0).to_python()
    assert values[1][:2] == ["91350100M000100Y43", "甲 & 乙"]
    assert values[2] == ["350599", " x ", "y", "2020-03-05", 0]

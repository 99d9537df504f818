"""Exports Excel users can use (issue 14, item 4): typed cells, identifiers kept as text,
a frozen bold header with an autofilter, widths that fit, a title row on report exports."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import python_calamine

from liangxin.core.spreadsheets import MAX_WIDTH, Percent, display_width, write_csv, write_xlsx

HEADERS = ["统一社会信用代码", "企业名称", "职工人数", "成立日期", "覆盖率", "月计算基数（元）"]
ROW = [
    "0350599000000000XX",
    "泉州示例科技有限公司",
    120,
    datetime.date(2020, 3, 5),
    Percent(73.5),
    Decimal("3000.50"),
]


def workbook(rows, headers=HEADERS, **options) -> bytes:
    stream = io.BytesIO()
    write_xlsx(stream, headers, iter(rows), sheet="测试", **options)
    return stream.getvalue()


def cells(data: bytes) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


def widths(data: bytes) -> dict[int, float]:
    found = {}
    for first, last, width in re.findall(
        r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', sheet_xml(data)
    ):
        for column in range(int(first), int(last) + 1):
            found[column] = float(width)
    return found


def test_numbers_dates_and_percentages_are_typed_cells():
    values = cells(
        workbook([ROW, ["0012", "乙", 7.5, datetime.datetime(2021, 1, 2, 9, 30), None, 3]])
    )
    assert values[1] == [
        "0350599000000000XX",
        "泉州示例科技有限公司",
        120,
        datetime.date(2020, 3, 5),
        0.735,
        3000.5,
    ]
    assert isinstance(values[1][2], int | float) and isinstance(values[1][5], float)
    assert values[2][3] == datetime.datetime(2021, 1, 2, 9, 30)


def test_identifiers_that_look_numeric_stay_text_with_their_leading_zeros():
    rows = [["0350599", "013800138000", "350599", "110101199003071234"]]
    values = cells(workbook(rows, headers=["区域代码", "手机号码", "组织编码", "公民身份号码"]))
    assert values[1] == ["0350599", "013800138000", "350599", "110101199003071234"]
    assert all(isinstance(value, str) for value in values[1])


def test_number_formats_show_dates_percentages_and_money():
    with zipfile.ZipFile(io.BytesIO(workbook([ROW]))) as package:
        styles = package.read("xl/styles.xml").decode()
    assert 'formatCode="yyyy-mm-dd"' in styles
    assert 'formatCode="0.0%"' in styles
    assert 'formatCode="0.00"' in styles


def test_header_is_bold_frozen_and_filtered():
    data = workbook([ROW, ROW, ROW])
    xml = sheet_xml(data)
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in xml
    assert '<autoFilter ref="A1:F4"/>' in xml
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("xl/styles.xml").decode()
    header_style = int(re.search(r'<c r="A1" s="(\d+)"', xml).group(1))
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles).group(1)
    fonts = re.findall(
        r"<font>.*?</font>", re.search(r"<fonts[^>]*>(.*?)</fonts>", styles).group(1)
    )
    font_id = int(re.findall(r'<xf [^>]*fontId="(\d+)"', xfs)[header_style])
    assert "<b/>" in fonts[font_id]


def test_widths_fit_the_content_cjk_counting_double_and_capped():
    long_name = "很长的企业名称" * 20
    data = workbook([ROW, ["1", long_name, 1, None, None, None]])
    found = widths(data)
    assert display_width("泉州示例科技有限公司") == 20
    assert found[1] >= display_width("统一社会信用代码") == 16  # the header is the widest
    assert found[2] <= MAX_WIDTH + 1  # capped, however long the name
    assert found[2] > 40
    assert 10 <= found[4] < 20  # a date column: a date's width


def test_text_columns_keep_text_format_for_new_rows():
    """A user typing a new code under 区域代码 keeps its leading zero: the column is text."""
    xml = sheet_xml(workbook([ROW]))
    text_col = re.search(r'<col min="1" max="1" [^>]*style="(\d+)"', xml)
    number_col = re.search(r'<col min="3" max="3" [^/]*/>', xml).group(0)
    assert text_col is not None
    assert "style=" not in number_col


def test_a_report_title_row_sits_above_the_header():
    title = "区域覆盖工作清单（范围：开发区；导出日期：2026-12-03）"
    data = workbook([ROW], title=title)
    values = cells(data)
    assert values[0][0] == title
    assert values[1] == HEADERS
    assert values[2][2] == 120
    xml = sheet_xml(data)
    assert 'ySplit="2"' in xml
    assert '<autoFilter ref="A2:F3"/>' in xml
    assert "<mergeCell" not in xml  # one cell: a re-imported report meets no merged range


def test_ledger_style_export_is_header_first():
    assert cells(workbook([ROW]))[0] == HEADERS


def test_formula_text_stays_text():
    values = cells(workbook([["=1+1", "+86", "@x", 1, None, None]]))
    assert values[1][:3] == ["'=1+1", "'+86", "'@x"]


def test_csv_shows_what_the_xlsx_shows():
    stream = io.BytesIO()
    write_csv(stream, HEADERS, [ROW + [True]])
    text = stream.getvalue().decode("utf-8-sig").splitlines()
    assert text[1] == "0350599000000000XX,泉州示例科技有限公司,120,2020-03-05,73.5%,3000.50,是"

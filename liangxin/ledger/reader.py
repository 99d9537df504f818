"""Open a ledger file: .xlsx through python-calamine, .csv in UTF-8 (BOM or not) or GB18030.

The type and the encoding are detected, never asked. Anything that is not a
readable table ends in FileProblem with a Chinese sentence, never a traceback.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import python_calamine

from liangxin.ledger.sheets import TEMPLATE_SHEETS

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls / encrypted workbooks
MAX_ROWS = 1_100_000
MAX_EMPTY_RUN = 1000  # a sheet "claiming" a million blank rows stops here
MAX_CSV_FIELD = 1_000_000
csv.field_size_limit(MAX_CSV_FIELD)
# True in a process that exists to read one file (``isolation``, ``reader_process``):
# there calamine runs inline; anywhere else a workbook is read by such a child.
INSIDE_CHILD = False


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why, in Chinese."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as Excel shows it, cells)
    notes: list[str] = field(default_factory=list)


def open_table(data: bytes, *, name: str = "") -> Table:
    if not data:
        raise FileProblem("文件为空")
    if data.startswith(ZIP_MAGIC):
        if INSIDE_CHILD:
            return _xlsx_table(data)
        from liangxin.ledger import isolation  # it imports this module

        return isolation.read_table(data)
    if data.startswith(OLE_MAGIC):
        raise FileProblem("不支持旧版 .xls 或加密的工作簿，请在 Excel 中另存为 .xlsx 后上传")
    if b"\x00" in data[:4096]:
        raise FileProblem("不是表格文件：请上传 .xlsx 或 .csv")
    return _csv_table(data, *csv_encoding(data))


DECODE_STEP = 1 << 20


def csv_encoding(data: bytes) -> tuple[str, int]:
    """(encoding, where the text starts): UTF-8 after a byte-order mark; otherwise UTF-8
    when the whole file decodes as such, else GB18030. Checked a megabyte at a time,
    without keeping the text: a million-row file decodes to 300 MB or more of str."""
    if data.startswith(codecs.BOM_UTF8):
        candidates, start = ("utf-8",), len(codecs.BOM_UTF8)
    else:
        candidates, start = ("utf-8", "gb18030"), 0
    for encoding in candidates:
        if _decodes(memoryview(data)[start:], encoding):
            return encoding, start
    raise FileProblem("无法识别文件编码：CSV 应为 UTF-8 或 GB18030/GBK")


def _decodes(view: memoryview, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for start in range(0, len(view), DECODE_STEP):
            decoder.decode(view[start : start + DECODE_STEP])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_table(data: bytes, encoding: str, start: int) -> Table:
    # The file was checked whole: a character cut at the sample's end is all "ignore" drops.
    sample = data[start : start + 4 * 4096].decode(encoding, errors="ignore")[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    stream = io.BytesIO(data)  # shares the bytes; the text is decoded as it is read
    stream.seek(start)
    reader = csv.reader(io.TextIOWrapper(stream, encoding=encoding, newline=""), dialect)
    try:
        headers, next_row = _header_row(reader, first_row_number=1)
    except csv.Error as exc:
        raise FileProblem(_csv_problem(exc)) from exc
    return Table(headers=headers, rows=_numbered(reader, start=next_row))


def _numbered(rows, *, start: int) -> Iterator[tuple[int, list]]:
    """(row number, cells) up to MAX_ROWS; a row past it is a FileProblem."""
    rows = iter(rows)
    try:
        # zip stops on the exhausted range before taking a row past MAX_ROWS from ``rows``
        yield from zip(range(start, MAX_ROWS + 1), rows, strict=False)
        if next(rows, None) is not None:
            raise FileProblem(f"行数超过上限 {MAX_ROWS:,}，请拆分文件")
    except csv.Error as exc:
        raise FileProblem(_csv_problem(exc)) from exc


def _csv_problem(exc: csv.Error) -> str:
    """The csv module's English error as a Chinese sentence."""
    text = str(exc)
    if "field larger than field limit" in text:
        return f"CSV 文件中有单元格内容过长（超过 {MAX_CSV_FIELD:,} 个字符）：文件可能已损坏"
    if "NUL" in text:
        return "CSV 文件中含有空字符（NUL）：文件可能已损坏或不是文本文件"
    return "CSV 格式错误（引号或换行不匹配）：请在 Excel 中打开并另存为 CSV 或 .xlsx 后重试"


def _header_row(rows, *, first_row_number: int) -> tuple[list[str], int]:
    """(the headers, the row number after them). A report's title row above the header
    (core.spreadsheets: one text in the first cell, the header row after it with more
    than one) is passed over, so a report export in a kind's headers imports too."""
    title = None
    for number, cells in enumerate(rows, start=first_row_number):
        headers = [str(cell).strip() if cell is not None else "" for cell in cells]
        if title is None and headers and headers[0] and not any(headers[1:]):
            title = headers  # perhaps a title: the next row says
            continue
        if title is not None and sum(1 for header in headers if header) < 2:
            # Not a title: that one cell was the header row. Every kind has two or more
            # required columns, so map_headers refuses the file before any row is read.
            return title, number + 1
        if any(headers):
            return headers, number + 1
        raise FileProblem(f"第 {number} 行应为表头，但它是空的")
    if title is not None:
        return title, first_row_number + 1
    raise FileProblem("文件没有任何内容")


def _xlsx_table(data: bytes) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet_meta = _first_visible_sheet(workbook)
        sheet = workbook.get_sheet_by_name(sheet_meta.name)
    except FileProblem:
        raise
    except Exception as exc:  # calamine raises its own zoo of errors on broken files
        raise FileProblem("无法读取该 Excel 文件：文件已损坏或不是 .xlsx 格式") from exc
    notes = _sheet_notes(workbook, sheet, sheet_meta.name)
    rows = _sheet_rows(sheet)
    first_row = sheet.start[0] + 1 if sheet.start else 1
    headers, _ = _header_row(_cells_only(rows), first_row_number=first_row)
    return Table(headers=headers, rows=_skip_blank_tail(rows), notes=notes)


def _is_visible_worksheet(meta) -> bool:
    return (
        meta.visible == python_calamine.SheetVisibleEnum.Visible
        and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    )


def _first_visible_sheet(workbook):
    for meta in workbook.sheets_metadata:
        if _is_visible_worksheet(meta):
            return meta
    raise FileProblem("工作簿中没有可见的工作表")


def _sheet_notes(workbook, sheet, name: str) -> list[str]:
    notes = []
    theirs = [m for m in workbook.sheets_metadata if m.name not in TEMPLATE_SHEETS]
    hidden = [m.name for m in theirs if not _is_visible_worksheet(m)]
    if hidden:
        notes.append(f"已忽略隐藏工作表：{'、'.join(hidden)}")
    others = [m.name for m in theirs if m.name != name and m.name not in hidden]
    if others:
        notes.append(f"只导入第一个工作表“{name}”，已忽略：{'、'.join(others)}")
    try:
        merged = sheet.merged_cell_ranges or []
    except Exception:  # not every format reports merged ranges
        merged = []
    if merged:
        notes.append(f"工作表含 {len(merged)} 处合并单元格：合并区域只有左上角单元格有值")
    return notes


def _sheet_rows(sheet) -> Iterator[tuple[int, list]]:
    start_row = sheet.start[0] + 1 if sheet.start else 1
    try:
        yield from _numbered(sheet.iter_rows(), start=start_row)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem("读取 Excel 内容时出错：文件可能已损坏") from exc


def _cells_only(rows):
    for _, cells in rows:
        yield cells


def _skip_blank_tail(rows) -> Iterator[tuple[int, list]]:
    """Yield rows, holding back blank ones; stop after a long run of blanks (padding)."""
    blanks: list[tuple[int, list]] = []
    for row in rows:
        if _is_blank(row[1]):
            blanks.append(row)
            if len(blanks) >= MAX_EMPTY_RUN:
                return
            continue
        if blanks:
            yield from blanks
            blanks.clear()
        yield row


def _is_blank(cells: list) -> bool:
    if cells and cells[0] is not None and cells[0] != "":  # most rows: the key is filled in
        return False
    return all(cell in ("", None) for cell in cells)

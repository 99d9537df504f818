"""The blank ledger template of a kind: the headers, drop-downs, and a 填写说明 sheet in Chinese.

Sheet 1 holds the import headers (required ones bold red) with every column in
text format, so Excel keeps 350599 and ID numbers as typed. Enumerations get a
drop-down (data validation) fed from a hidden 选项 sheet: inline lists are
capped at 255 characters, which the industry list passes. Sheet 2 explains
every column.
"""

import inspect
import io
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from liangxin.ledger import cells
from liangxin.ledger.framework import Column
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.people import id_number_cell, phone_cell
from liangxin.ledger.sheets import INSTRUCTIONS_SHEET, OPTIONS_SHEET

VALIDATED_ROWS = 100_000  # drop-downs on this many data rows; more rows still import

REFERENCE_NOTES = {
    "所属区域代码": "填写系统中已有、且在您管辖范围内的区域代码",
    "上级区域代码": "填写系统中已有的区域代码，或本文件中前面行的区域代码；顶级区域留空",
    "所在党组织编码": "填写系统中已有、且在您管辖范围内的党组织编码",
    "上级组织编码": "填写系统中已有的组织编码，或本文件中的组织编码；顶级组织留空",
    "工作单位统一社会信用代码": "填写系统中已有的市场主体的统一社会信用代码",
}


@dataclass
class ColumnGuide:
    header: str
    required: bool
    format: str
    options: list[str]
    note: str


def _closure(column: Column) -> dict:
    """What a parser factory (``cells.choice``, ``cells.bounded_text``) baked into the parser."""
    try:
        return inspect.getclosurevars(column.parse).nonlocals
    except TypeError:  # not a plain Python function
        return {}


def choice_labels(column: Column) -> list[str]:
    """The labels of a ``cells.choice`` column: the TextChoices labels it accepts."""
    by_label = _closure(column).get("by_label")
    return [str(label) for label in by_label] if isinstance(by_label, dict) else []


# {cell parser: (format text, options)} of the shared parsers; a kind adds its own
# (``LedgerKind.cell_formats``).
SHARED_FORMATS = {
    cells.yes_no: ("是/否（也可填 Y/N、1/0、TRUE/FALSE）", ["是", "否"]),
    cells.date: ("日期：YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日，也可用 Excel 日期单元格", []),
    cells.whole_number: ("不小于 0 的整数", []),
    cells.several: ("可填多个统一社会信用代码，用 ; ； 、 或 , 分隔", []),
    id_number_cell: ("18 位公民身份号码（校验位须正确）；个人信息，加密存储", []),
    phone_cell: ("11 位手机号或带区号的固定电话；个人信息，加密存储", []),
}


def column_guide(kind: LedgerKind, column: Column) -> ColumnGuide:
    special = kind.cell_formats.get(column.parse) or SHARED_FORMATS.get(column.parse)
    labels = choice_labels(column)
    if special:
        format_text, options = special[0], list(special[1])
    elif labels:
        format_text, options = "从下拉列表中选择", labels
    else:
        limit = _closure(column).get("max_length")
        format_text, options = (f"文本，最多 {limit} 个字符" if limit else "文本"), []
    notes = [REFERENCE_NOTES.get(column.header, "")]
    if column.header == kind.key_header:
        # A kind keyed by several columns says which (LedgerKind.key_note).
        key_note = getattr(kind, "key_note", "")
        notes.append(key_note or f"唯一标识：系统中已有该{column.header}时更新该记录，否则新增")
    return ColumnGuide(
        column.header, column.required, format_text, options, "；".join(n for n in notes if n)
    )


def build_template(kind: LedgerKind) -> bytes:
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    guides = [column_guide(kind, column) for column in kind.columns]
    data_sheet = workbook.add_worksheet(kind.label)
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    options_sheet = workbook.add_worksheet(OPTIONS_SHEET)
    _write_headers(workbook, data_sheet, guides)
    _add_dropdowns(data_sheet, options_sheet, guides)
    _write_instructions(workbook, instructions, kind, guides)
    options_sheet.hide()
    data_sheet.activate()
    workbook.close()
    return stream.getvalue()


def _write_headers(workbook, sheet, guides: list[ColumnGuide]) -> None:
    required = workbook.add_format({"bold": True, "font_color": "#C00000", "bg_color": "#F2F2F2"})
    optional = workbook.add_format({"bold": False, "bg_color": "#F2F2F2"})
    text = workbook.add_format({"num_format": "@"})
    for index, guide in enumerate(guides):
        sheet.write_string(0, index, guide.header, required if guide.required else optional)
        sheet.set_column(index, index, max(12, 2 * len(guide.header) + 4), text)
    sheet.freeze_panes(1, 0)


def _add_dropdowns(sheet, options_sheet, guides: list[ColumnGuide]) -> None:
    list_index = 0
    for index, guide in enumerate(guides):
        if not guide.options:
            continue
        letter = xl_col_to_name(list_index)
        options_sheet.write_string(0, list_index, guide.header)
        options_sheet.write_column(1, list_index, guide.options)
        source = f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(guide.options) + 1}"
        sheet.data_validation(
            1,
            index,
            VALIDATED_ROWS,
            index,
            {
                "validate": "list",
                "source": source,
                # A warning, not a stop: the parser also takes other spellings (Y/N, codes).
                "error_type": "warning",
                "error_title": "不在可选范围内",
                "error_message": f"{guide.header}应从下拉列表中选择",
            },
        )
        list_index += 1


def _write_instructions(workbook, sheet, kind: LedgerKind, guides: list[ColumnGuide]) -> None:
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
    title = workbook.add_format({"bold": True, "font_size": 14})
    sheet.write_string(0, 0, f"{kind.label}台账填写说明", title)
    for offset, line in enumerate(general_rules(kind), start=1):
        sheet.write_string(offset, 0, line)
    top = len(general_rules(kind)) + 2
    sheet.write_row(top, 0, ["列名", "是否必填", "填写格式", "可选值", "说明"], bold)
    for offset, guide in enumerate(guides, start=1):
        sheet.write_row(
            top + offset,
            0,
            [
                guide.header,
                "必填" if guide.required else "选填",
                guide.format,
                "、".join(guide.options),
                guide.note,
            ],
            wrap,
        )
    for column, width in enumerate((22, 10, 40, 50, 50)):
        sheet.set_column(column, column, width)


def general_rules(kind: LedgerKind) -> list[str]:
    return [
        f"1. 在第一个工作表“{kind.label}”中填写，第一行是表头，请勿修改表头文字；"
        "列的顺序可以调整。",
        "2. 红色加粗的列为必填，其余列可留空；文件中没有的列在更新时保留系统中的原值。",
        "3. 日期可填 2024-03-05、2024/3/5 或 2024年3月5日，也可以使用 Excel 的日期格式。",
        "4. “是/否”列填“是”或“否”（也可用 Y/N、1/0、TRUE/FALSE）。",
        "5. 可填多个值的列用分号、顿号或逗号分隔。",
        "6. 默认全部行都正确才导入；有错误时可下载“错误行文件”，按“错误原因”列修改后重新上传。",
        "7. 只导入第一个工作表；本说明页和隐藏的选项页不会被导入。",
    ]

"""An attendance sheet (签到表) imported into one training session from .xlsx.

Columns: 姓名 (required), 所在单位 (the worker's organization, station, enterprise or
region: only needed when two people of the scope share a name), 学时 (optional, the
session's hours when blank), 考试合格 (是/否, optional). A person is looked for among the
party workers in post of the importer's scope. Every bad row is told with its row number,
and nothing is written unless every row is good (all or nothing)."""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from liangxin.ledger.reader import ZIP_MAGIC, FileProblem, open_table
from liangxin.workforce import selectors_training as selectors
from liangxin.workforce.models_people import PartyWorker, Training
from liangxin.workforce.services_training import attendance_add, check_hours

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a sheet of a few hundred names is a few dozen KB
MAX_ROWS = 3000
NAME, UNIT, HOURS, PASSED = "姓名", "所在单位", "学时", "考试合格"
HEADERS = [NAME, UNIT, HOURS, PASSED]
YES, NO = {"是", "合格", "通过", "Y", "y", "1"}, {"否", "不合格", "未通过", "N", "n", "0"}


class SheetRefused(Exception):
    """The file as a whole is refused (type, size, headers); the message says why."""


@dataclass
class Outcome:
    errors: list[str]
    written: int = 0


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_rows(data: bytes, name: str = "") -> list[tuple[int, dict]]:
    """(row number, {header: text}) of the sheet's non-blank rows."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SheetRefused(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），签到表最大 "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB"
        )
    if not data:
        raise SheetRefused("上传的文件是空的")
    if not name.lower().endswith(".xlsx") or not data.startswith(ZIP_MAGIC):
        raise SheetRefused("只支持 .xlsx 格式的签到表：请在 Excel 中另存为 .xlsx 后上传")
    try:
        table = open_table(data, name=name)
        headers = [header.strip() for header in table.headers]
        if NAME not in headers:
            raise SheetRefused(f"表头缺少“{NAME}”列：请使用下载的签到表模板")
        rows = []
        for number, cells in table.rows:
            values = {h: _text(c) for h, c in zip(headers, cells, strict=False) if h in HEADERS}
            if any(values.values()):
                rows.append((number, values))
            if len(rows) > MAX_ROWS:
                raise SheetRefused(f"行数超过 {MAX_ROWS} 行，请拆分后分批导入")
    except FileProblem as exc:
        raise SheetRefused(str(exc)) from exc
    return rows


def _hours(text: str, training: Training) -> tuple[Decimal | None, str | None]:
    if not text:
        return None, None
    try:
        hours = Decimal(text)
    except InvalidOperation:
        return None, f"学时“{text}”不是数字"
    if not hours.is_finite():
        return None, f"学时“{text}”不是数字"
    return hours, check_hours(hours, training)


def _passed(text: str) -> tuple[bool | None, str | None]:
    if not text:
        return None, None
    if text in YES:
        return True, None
    if text in NO:
        return False, None
    return None, f"考试合格应填“是”或“否”，不能是“{text}”"


def _match(name: str, unit: str, by_name: dict[str, list[PartyWorker]]):
    found = by_name.get(name, [])
    if unit:
        found = [worker for worker in found if unit in selectors.unit_names(worker)]
    if not found:
        where = f"（所在单位“{unit}”）" if unit else ""
        return None, f"在您的管辖范围内找不到在岗的党务工作者“{name}”{where}"
    if len(found) > 1:
        units = "、".join(sorted({selectors.unit_of(worker) for worker in found}))
        return None, f"“{name}”有 {len(found)} 人（{units}），请在“所在单位”列注明"
    return found[0], None


def check_rows(*, actor, training: Training, rows: list[tuple[int, dict]]):
    """(entries for attendance_add, errors "第 N 行：…")."""
    by_name: dict[str, list[PartyWorker]] = {}
    for worker in selectors.eligible_workers(user=actor):
        by_name.setdefault(worker.name, []).append(worker)
    recorded = set(training.attendance.values_list("worker_id", flat=True))
    entries, errors, first_row = [], [], {}
    if not rows:
        errors.append("签到表中没有任何人员")
    for number, values in rows:
        name = values.get(NAME, "")
        problems = []
        worker = None
        if not name:
            problems.append("姓名为空")
        else:
            worker, problem = _match(name, values.get(UNIT, ""), by_name)
            problems += [problem] if problem else []
        hours, problem = _hours(values.get(HOURS, ""), training)
        problems += [problem] if problem else []
        passed, problem = _passed(values.get(PASSED, ""))
        problems += [problem] if problem else []
        if worker is not None:
            if worker.pk in recorded:
                problems.append(f"{name}已在本班次登记参训")
            elif worker.pk in first_row:
                problems.append(f"与第 {first_row[worker.pk]} 行是同一人（表中重复）")
            else:
                first_row[worker.pk] = number
        if problems:
            errors.append(f"第 {number} 行：{'；'.join(problems)}")
        else:
            entries.append((worker, hours, passed))
    return entries, errors


def import_sheet(*, actor, training: Training, data: bytes, name: str) -> Outcome:
    """Read, check every row, then write all of them in one go (or nothing)."""
    try:
        rows = read_rows(data, name)
    except SheetRefused as exc:
        return Outcome(errors=[str(exc)])
    entries, errors = check_rows(actor=actor, training=training, rows=rows)
    if errors:
        return Outcome(errors=errors)
    try:
        written = attendance_add(actor=actor, training=training, entries=entries)
    except ValidationError as exc:
        return Outcome(errors=exc.messages)
    return Outcome(errors=[], written=len(written))


def template_bytes() -> bytes:
    """The sheet to fill in: the four headers and an example row."""
    import xlsxwriter

    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet("签到表")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, HEADERS, bold)
    sheet.write_row(1, 0, ["张三", "某某公司党支部", 4, "是"])
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 3, 10)
    notes = workbook.add_worksheet("填写说明")
    for row, text in enumerate(
        [
            "姓名：必填，须为您管辖范围内在岗的党务工作者。",
            "所在单位：所在党组织、党群工作站、企业或区域名称；同名人员须填写以区分。",
            "学时：可不填，默认为本班次学时；不得超过本班次学时。",
            "考试合格：填“是”或“否”，可不填。",
            "每人只能登记一次；任何一行有误则整表不导入，请按提示修改后重新上传。",
            "请删除示例行后再填写。",
        ]
    ):
        notes.write(row, 0, text)
    workbook.close()
    return stream.getvalue()

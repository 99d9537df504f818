"""Malformed files through the upload page: a clear Chinese sentence, no traceback, nothing written.

Each file is built here, in the test: PNG and random bytes, empty, header
only, a sheet claiming 1,048,576 rows, a 100,000-character cell, formulas,
merged cells, a hidden first sheet, wrong headers, a legacy OLE (.xls) file,
a zip that is not a workbook.
"""

import io
import random
import re
import zipfile

import pytest
import xlsxwriter
from auditlog.models import LogEntry

from liangxin.enterprises.models import Enterprise
from liangxin.ledger.models import ImportJob, JobStatus
from tests.ledger.helpers import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
NEW_USCC = "91350100M000100Y43"
CJK = re.compile(r"[\u4e00-\u9fff]")


def workbook(build) -> bytes:
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    build(book)
    book.close()
    return stream.getvalue()


def good_rows(sheet, *, first=0) -> None:
    sheet.write_row(first, 0, HEADERS)
    sheet.write_row(first + 1, 0, [NEW_USCC, "新建科技有限公司", "CJ-A1-01", "在营", 12])


def claiming_a_million_rows() -> bytes:
    """xlsxwriter's file with the sheet dimension patched to A1:Z1048576 (3 real rows)."""
    data = workbook(lambda book: good_rows(book.add_worksheet("台账")))
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:Z1048576"/>', content
                )
                assert b"A1:Z1048576" in content
            target.writestr(item, content)
    return out.getvalue()


def zip_that_is_not_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "这不是工作簿")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(64)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)

UNUSABLE_FILES = {
    "png": ("logo.png", PNG, "不是表格文件"),
    "random_bytes": ("data.xlsx", random.Random(7).randbytes(4096), "不是表格文件"),
    "header_only_csv": ("a.csv", csv_bytes([HEADERS]), "只有表头"),
    "header_only_xlsx": (
        "a.xlsx",
        workbook(lambda book: book.add_worksheet("台账").write_row(0, 0, HEADERS)),
        "只有表头",
    ),
    "empty_sheet": ("a.xlsx", workbook(lambda book: book.add_worksheet("台账")), "没有任何内容"),
    "wrong_headers": ("a.csv", csv_bytes([["名称", "代码"], ["甲", "1"]]), "缺少必填列"),
    "legacy_xls": ("old.xls", OLE, "旧版 .xls"),
    "zip_not_xlsx": ("a.xlsx", zip_that_is_not_xlsx(), "无法读取该 Excel 文件"),
}


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def assert_nothing_written(before: int) -> None:
    assert Enterprise.objects.count() == before
    assert not LogEntry.objects.filter(additional_data__channel="import").exists()


@pytest.mark.parametrize("case", sorted(UNUSABLE_FILES))
def test_unusable_file_fails_with_a_chinese_sentence(world, upload, case):
    name, data, expected = UNUSABLE_FILES[case]
    before = Enterprise.objects.count()
    client, response = upload("town_a_admin", "enterprises", name, data)
    job = job_of(response)
    assert job.status == JobStatus.FAILED
    assert expected in job.message and CJK.search(job.message)
    page = client.get(response["Location"]).content.decode()
    assert job.message in page and "Traceback" not in page
    assert "确认导入" not in page
    assert_nothing_written(before)


def test_an_empty_upload_is_refused_by_the_form(world, upload):
    _, response = upload("town_a_admin", "enterprises", "empty.csv", b"")
    assert response.status_code == 200
    assert "上传的文件是空的" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused_in_chinese(world, upload, settings):
    settings.LEDGER_MAX_UPLOAD_MB = 0
    _, response = upload("town_a_admin", "enterprises", "big.csv", csv_bytes([HEADERS]))
    assert "文件过大" in response.content.decode() and "最大 0 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_sheet_claiming_a_million_rows_reads_its_real_rows(world, upload):
    _, response = upload("town_a_admin", "enterprises", "a.xlsx", claiming_a_million_rows())
    job = job_of(response)
    assert (job.status, job.created, job.bad, job.rows_total) == (JobStatus.DONE, 1, 0, 1)


def test_a_huge_cell_is_a_bad_row_reported_briefly(world, upload):
    data = csv_bytes([HEADERS, [NEW_USCC, "名" * 100_000, "CJ-A1-01", "在营", "12"]])
    client, response = upload("town_a_admin", "enterprises", "a.csv", data)
    job = job_of(response)
    assert (job.status, job.bad) == (JobStatus.DONE, 1)
    [error] = job.report
    assert error["header"] == "企业名称" and "内容过长" in error["reason"]
    assert len(error["value"]) <= 101  # the report keeps the start, the error file all of it
    assert "内容过长" in client.get(response["Location"]).content.decode()


def test_formulas_import_as_the_value_excel_saved(world, upload):
    def build(book):
        sheet = book.add_worksheet("台账")
        good_rows(sheet)
        sheet.write_formula(1, 4, "=10+2", None, 12)
        sheet.write_formula(1, 1, '="新建"&"科技有限公司"', None, "新建科技有限公司")

    _, response = upload("town_a_admin", "enterprises", "a.xlsx", workbook(build))
    job = job_of(response)
    assert (job.status, job.created, job.bad) == (JobStatus.DONE, 1, 0)


def test_merged_cells_are_noted_and_the_blank_part_reported(world, upload):
    def build(book):
        sheet = book.add_worksheet("台账")
        sheet.write_row(0, 0, HEADERS)
        sheet.merge_range(1, 1, 2, 1, "新建科技有限公司")
        sheet.write_row(1, 2, ["CJ-A1-01", "在营", 12])
        sheet.write_string(1, 0, NEW_USCC)
        sheet.write_string(2, 0, "91350100M000101Y3X")
        sheet.write_row(2, 2, ["CJ-A1-01", "在营", 12])

    _, response = upload("town_a_admin", "enterprises", "a.xlsx", workbook(build))
    job = job_of(response)
    assert any("合并单元格" in note for note in job.notes)
    assert any(e["row"] == 3 and e["header"] == "企业名称" for e in job.report)


def test_a_hidden_first_sheet_is_skipped_and_noted(world, upload):
    def build(book):
        hidden = book.add_worksheet("旧数据")
        hidden.write_row(0, 0, ["旧表头"])
        hidden.hide()
        visible = book.add_worksheet("台账")
        good_rows(visible)
        visible.activate()

    _, response = upload("town_a_admin", "enterprises", "a.xlsx", workbook(build))
    job = job_of(response)
    assert (job.status, job.created) == (JobStatus.DONE, 1)
    assert any("隐藏工作表" in note for note in job.notes)


def test_the_blank_template_is_header_only(world, login, upload):
    template = login("town_a_admin").get("/ledger/enterprises/template/").content
    _, response = upload("town_a_admin", "enterprises", "模板.xlsx", template)
    job = job_of(response)
    assert job.status == JobStatus.FAILED and "只有表头" in job.message


def test_our_own_template_sheets_are_skipped_without_a_note(world, upload):
    """A filled-in template keeps its 填写说明 and hidden 选项 sheets: the user is not told
    that the platform's own sheets were "ignored" (issue 14, "Words")."""

    def build(book):
        data = book.add_worksheet("市场主体台账")
        good_rows(data)
        book.add_worksheet("填写说明").write(0, 0, "说明")
        options = book.add_worksheet("选项")
        options.write(0, 0, "选项")
        options.hide()
        data.activate()

    _, response = upload("town_a_admin", "enterprises", "a.xlsx", workbook(build))
    job = job_of(response)
    assert (job.status, job.created) == (JobStatus.DONE, 1)
    assert not any("工作表" in note for note in job.notes), job.notes

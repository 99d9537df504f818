"""Hostile ledger files (issue 12): every one ends in a Chinese sentence, never a dead process.

A 2 KB workbook whose sheet declares A1:XFD1048576 made python-calamine ask for
half a terabyte and abort the whole process (the import command exited 134, an
upload killed the web worker, the job stayed ``running``). Protected here:

- ``xlsx_guard`` refuses, with a sentence naming the limit, what calamine would
  over-allocate: declared ranges, cells far apart, rows, columns, giant cells,
  shared strings, zip members, inflated size and compression ratio;
- ``isolation``: whatever slips past the guard is read in a child process, so
  even an abort in calamine is a ``FileProblem`` ("解析程序异常退出") for the job
  (shown with the guard switched off);
- the same corpus through the import command (a CommandError in Chinese, not
  exit 134) and through the upload page (a page with the error, the test's own
  process — the server — alive);
- a hypothesis fuzz of byte flips and cuts of a good workbook and CSV.
"""

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liangxin.enterprises.models import Enterprise
from liangxin.ledger import reader, xlsx_guard
from liangxin.ledger.models import ImportJob, JobStatus
from liangxin.ledger.reader import FileProblem, open_table
from tests.ledger.helpers import csv_bytes, xlsx_bytes

CJK = re.compile(r"[\u4e00-\u9fff]")
HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
GOOD_ROW = ["91350100M000100Y43", "新建科技有限公司", "CJ-A1-01", "在营", "12"]
ROOT = Path(__file__).resolve().parents[2]

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    'formats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    'formats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def sheet(body: str, *, dimension: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main">{declared}<sheetData>{body}</sheetData></worksheet>'
    )


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + inline("A1", "统一社会信用代码") + inline("B1", "企业名称") + "</row>"


def minimal_workbook(sheet_xml: str, *, shared: str | None = None, extra=()) -> bytes:
    """A workbook written by hand with zipfile: only what calamine needs, plus ``extra``
    (name, bytes) members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        for name, content in extra:
            archive.writestr(name, content)
    return out.getvalue()


def declared_range_bomb() -> bytes:
    """The file of the issue: 2 KB, its sheet declaring A1:XFD1048576 with a cell there."""
    body = HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return minimal_workbook(sheet(body, dimension="A1:XFD1048576"))


def corner_cells() -> bytes:
    """No dimension at all: two cells at opposite corners make calamine's dense grid."""
    return minimal_workbook(
        sheet(HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    )


def tall_declared_range() -> bytes:
    """Within the columns, but 1,048,576 × 256 cells declared."""
    return minimal_workbook(sheet(HEADER_ROW, dimension="A1:IV1048576"))


def zip_bomb() -> bytes:
    """A sheet that inflates 64 MB of blanks out of a few dozen kilobytes."""
    filler = " " * (64 << 20)
    return minimal_workbook(sheet(HEADER_ROW + f'<row r="2">{filler}</row>'))


def many_shared_strings(count: int, *, same: bool = False) -> bytes:
    strings = (
        "<si><t>a</t></si>" * count
        if same
        else "".join(f"<si><t>{i}</t></si>" for i in range(count))
    )
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">{strings}</sst>'
    )
    body = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return minimal_workbook(sheet(body), shared=shared)


def giant_cell() -> bytes:
    return minimal_workbook(
        sheet(HEADER_ROW + '<row r="2">' + inline("A2", "名" * 200_000) + "</row>")
    )


def deep_xml() -> bytes:
    depth = 50_000
    return minimal_workbook(sheet(HEADER_ROW + "<x>" * depth + "</x>" * depth))


def malformed_xml() -> bytes:
    return minimal_workbook(sheet(HEADER_ROW + '<row r="2"><c r="A2"><v>1</c></row>'))


def many_members() -> bytes:
    return minimal_workbook(sheet(HEADER_ROW), extra=[(f"x/{i}.xml", b"") for i in range(1500)])


def truncated() -> bytes:
    data = xlsx_bytes([HEADERS, GOOD_ROW])
    return data[: len(data) // 2]


def wrong_magic() -> bytes:
    return b"PK\x03\x04" + bytes(2000)


def encrypted_looking_ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)


HOSTILE = {
    "declared_range_bomb": (declared_range_bomb, "16,384 列"),
    "corner_cells": (corner_cells, "XFD 列"),
    "tall_declared_range": (tall_declared_range, "个单元格"),
    "zip_bomb": (zip_bomb, "压缩比异常"),
    "giant_cell": (giant_cell, "内容过长"),
    "deep_xml": (deep_xml, ""),
    "malformed_xml": (malformed_xml, ""),
    "many_members": (many_members, "部件"),
    "truncated_zip": (truncated, "无法读取该 Excel 文件"),
    "wrong_magic": (wrong_magic, "无法读取该 Excel 文件"),
    "ole": (encrypted_looking_ole, ".xls"),
    "empty": (lambda: b"", "文件为空"),
    "bom_only": (lambda: b"\xef\xbb\xbf", "没有任何内容"),
    "csv_enormous_field": (lambda: csv_bytes([HEADERS, ["9" * 2_000_000]]), "内容过长"),
    "csv_nul_late": (lambda: csv_bytes([HEADERS]) + b"a" * 5000 + b"\x00,b\n", ""),
    "csv_mixed_encodings": (
        lambda: (
            csv_bytes([HEADERS]) + "甲,乙\n".encode() + "丙,丁\n".encode("gbk") + b"\xff\xfe,x\n"
        ),
        "",
    ),
    "csv_unbalanced_quote": (lambda: csv_bytes([HEADERS]) + b'"abc,def\n' * 10 + b'"x', ""),
}


def read_everything(data: bytes) -> None:
    """What the import does with a file: headers, then every row."""
    table = open_table(data)
    for _ in table.rows:
        pass


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_reader_ends_every_hostile_file_in_chinese(case):
    build, expected = HOSTILE[case]
    try:
        read_everything(build())
    except FileProblem as problem:
        assert CJK.search(str(problem)), str(problem)
        assert expected in str(problem), str(problem)
        return
    # Read without a FileProblem: then it must be a table the import reports row by row.
    assert not expected, f"{case} was read, but should have failed with “{expected}”"


def test_the_guard_names_the_shared_strings_limit(monkeypatch):
    monkeypatch.setattr(xlsx_guard, "LIMITS", xlsx_guard.Limits(shared_strings=1000))
    with pytest.raises(FileProblem, match="共享字符串超过 1,000 个"):
        read_everything(many_shared_strings(2000))


def test_millions_of_shared_strings_in_a_small_file_are_refused_before_calamine():
    with pytest.raises(FileProblem, match="压缩比异常"):
        read_everything(many_shared_strings(3_000_000, same=True))


def test_the_guard_counts_inflated_bytes_not_declared_ones(monkeypatch):
    monkeypatch.setattr(xlsx_guard, "LIMITS", xlsx_guard.Limits(total_bytes=50_000))
    with pytest.raises(FileProblem, match="解压后超过"):
        read_everything(
            minimal_workbook(sheet(HEADER_ROW), extra=[("xl/media/a.bin", bytes(60_000))])
        )


def test_an_abort_in_calamine_is_a_file_problem_not_a_dead_process(monkeypatch):
    """With the guard switched off the bomb reaches calamine, which aborts: in the child."""
    monkeypatch.setattr(xlsx_guard, "check", lambda data, limits=None: None)
    with pytest.raises(FileProblem, match="解析程序异常退出"):
        read_everything(declared_range_bomb())


def test_a_good_workbook_still_reads_through_the_child():
    table = open_table(xlsx_bytes([HEADERS, GOOD_ROW, GOOD_ROW]))
    assert table.headers == HEADERS
    assert [number for number, _ in table.rows] == [2, 3]
    assert reader.INSIDE_CHILD is False


# Built once: a workbook carries its creation time, and hypothesis wants the same draws.
FUZZ_BASES = [xlsx_bytes([HEADERS, GOOD_ROW]), csv_bytes([HEADERS, GOOD_ROW])]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_flipped_and_cut_files_end_in_a_table_or_chinese(data):
    base = data.draw(st.sampled_from(FUZZ_BASES))
    mutated = bytearray(base)
    for _ in range(data.draw(st.integers(0, 12))):
        at = data.draw(st.integers(0, len(mutated) - 1))
        mutated[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(mutated)))
    try:
        read_everything(bytes(mutated[:cut] if data.draw(st.booleans()) else mutated))
    except FileProblem as problem:
        assert CJK.search(str(problem)), str(problem)


# --- through the command and the upload page -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", ["declared_range_bomb", "corner_cells", "zip_bomb", "truncated_zip"]
)
def test_the_import_command_fails_in_chinese(case, tmp_path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(HOSTILE[case][0]())
    with pytest.raises(CommandError) as failure:
        call_command("import_ledger", "enterprises", str(path))
    assert CJK.search(str(failure.value))
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.message == str(failure.value)
    assert not Enterprise.objects.exists()


def test_the_import_command_process_exits_with_a_message_not_134(tmp_path, migrated_sqlite):
    """A real ``manage.py import_ledger`` process on its own SQLite database."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(declared_range_bomb())
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    migrated_sqlite(tmp_path / "db.sqlite3", env)
    done = subprocess.run(
        [*manage, "import_ledger", "enterprises", str(path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode not in (0, 134, -6), done
    assert "16,384 列" in done.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", ["declared_range_bomb", "corner_cells", "zip_bomb", "csv_enormous_field"]
)
def test_an_upload_answers_a_page_with_the_error(world, upload, case):
    build, expected = HOSTILE[case]
    client, response = upload("town_a_admin", "enterprises", "hostile.xlsx", build())
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and expected in job.message
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert job.message in page.content.decode()
    assert not Enterprise.objects.filter(uscc=GOOD_ROW[0]).exists()

"""Report exports Excel users can use (issue 14, item 4): a title row with the report's
name, scope and date above a frozen header; numbers and dates as typed cells; names
beside codes. Ledger exports stay header-first (tests/ledger/test_masked_roundtrip.py)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.pipeline import run_import
from tests.development.conftest import make_case

pytestmark = pytest.mark.django_db
TODAY = f"导出日期：{timezone.localdate():%Y-%m-%d}"


def workbook(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def workbook_rows(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_coverage_list_has_title_names_beside_codes_and_typed_cells(login, world):
    url = reverse("coverage:drilldown-export")
    params = {"region": "350599", "indicator": "org_coverage", "part": "den"}
    title, headers, *rows = workbook(login("district_admin").get(url, params))
    assert title[0].startswith("示范区-") and title[0].endswith(f"（范围：示范区；{TODAY}）")
    region = headers.index("所属区域代码")
    assert headers[region + 1] == "所属区域名称"
    assert headers[headers.index("行业门类") + 1] == "行业门类名称"
    assert rows
    named = {"CJ-A1-01": "川姜一网格", "KF-01": "开发区一网格"}
    for row in rows:
        assert row[region + 1] == named[row[region]]
        employees = row[headers.index("职工人数")]
        assert isinstance(employees, int | float) and employees in {120, 40, 80}
        assert isinstance(row[headers.index("统一社会信用代码")], str)


def test_coverage_export_still_imports_as_an_enterprise_ledger(login, world):
    """The title row and the name columns are passed over without a note: the codes decide."""
    url = reverse("coverage:drilldown-export")
    params = {"region": "350599", "indicator": "org_coverage", "part": "den"}
    data = login("district_admin").get(url, params).content
    with audit_context(None, channel=CHANNEL_COMMAND):
        result = run_import(
            kind_name="enterprises", data=data, file_name="list.xlsx", ctx=ImportContext()
        )
    assert [(r.number, [e.reason for e in r.errors]) for r in result.bad_rows] == []
    assert result.notes == []
    assert result.is_noop and result.unchanged == len(workbook_rows(data)) - 2


def test_development_export_has_a_title_and_date_cells(login, world):
    make_case(world.org_a, name="孙申请")
    rows = workbook(login("town_a_admin").get(reverse("development:export")))
    title, headers, *data = rows
    assert title[0] == f"发展党员（范围：川姜镇；{TODAY}）"
    [row] = [r for r in data if r[0] == "孙申请"]
    assert row[headers.index("递交申请日期")] == datetime.date(2024, 3, 1)


def test_violations_export_has_a_title(login, world):
    rows = workbook(login("town_a_admin").get(reverse("development:violations-export")))
    assert rows[0][0] == f"发展党员违规清单（范围：川姜镇；{TODAY}）"
    assert rows[1][:3] == ["姓名", "所在党组织编码", "所在党组织"]


def test_political_birthdays_export_has_a_title_and_date_cells(login, world):
    response = login("secretary").get(
        reverse("members:birthdays"), {"month": "2026-07", "format": "xlsx"}
    )
    title, headers, *rows = workbook(response)
    assert title[0] == f"政治生日（范围：川姜纺织有限公司党支部；{TODAY}）"
    assert headers == ["姓名", "所在党组织", "入党日期", "入党年数"]
    [row] = [r for r in rows if r[0] == "林晓红"]
    assert row[2] == datetime.date(2010, 7, 1)
    assert row[3] == 16


def test_posts_export_has_a_title(login, world):
    rows = workbook(login("district_admin").get(reverse("posts:export")))
    assert rows[0][0] == f"先锋岗与队伍（范围：示范区；{TODAY}）"
    assert rows[1][0] == "名称"


def test_a_report_workbook_freezes_the_header_under_the_title(login, world):
    import zipfile

    response = login("district_admin").get(reverse("posts:export"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert 'ySplit="2"' in xml and "<autoFilter ref=" in xml


def test_coverage_work_list_export_has_a_title(login, world):
    url = reverse("coverage:worklist-export", args=["no_member"])
    title, headers, *_ = workbook(login("district_admin").get(url))
    assert title[0].endswith(f"（范围：示范区；{TODAY}）")
    assert headers[0] == "统一社会信用代码"

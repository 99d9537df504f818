"""The blank template of each kind: headers, drop-downs, text columns, 填写说明 in Chinese."""

import io
import re
import zipfile

import pytest
import python_calamine
from django.urls import reverse

from liangxin.enterprises.models import OperatingStatus
from liangxin.ledger.kinds import all_kinds

pytestmark = pytest.mark.django_db


def template(login, kind: str) -> bytes:
    response = login("district_admin").get(reverse("ledger:template", args=[kind]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


@pytest.mark.parametrize("kind", sorted(all_kinds()))
def test_every_kind_has_a_template_with_its_headers_and_instructions(login, kind):
    ledger = all_kinds()[kind]
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(template(login, kind)))
    assert book.sheet_names == [ledger.label, "填写说明", "选项"]
    visible = {
        m.name: m.visible == python_calamine.SheetVisibleEnum.Visible for m in book.sheets_metadata
    }
    assert visible == {ledger.label: True, "填写说明": True, "选项": False}
    assert book.get_sheet_by_index(0).to_python()[0] == [c.header for c in ledger.columns]
    guide = book.get_sheet_by_name("填写说明").to_python()
    by_header = {row[0]: row for row in guide if row and row[0]}
    for column in ledger.columns:
        assert by_header[column.header][1] == ("必填" if column.required else "选填")
        assert by_header[column.header][2]  # every column says how to fill it


def test_enumerations_get_drop_downs_and_codes_stay_text(login):
    data = template(login, "enterprises")
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    validations = re.findall(r'<dataValidation [^>]*sqref="([A-Z]+)2:[A-Z]+\d+"', sheet)
    headers = [c.header for c in all_kinds()["enterprises"].columns]
    with_list = {headers[ord(letter) - ord("A")] for letter in validations}
    assert with_list == {
        "经营状态",
        "单位类别",
        "是否规上",
        "是否限上",
        "企业类型",
        "行业门类",
        "出资人是否党员",
        "党建入章",
        "是否法人单位",
        "控制类型",
        "法定代表人是否党员",
        "法定代表人是否兼任书记",
        "社会组织类型",
        "评估等级",
    }
    assert "'选项'!" in sheet
    assert 'formatCode="@"' in archive.read("xl/styles.xml").decode()  # text columns
    options = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    columns = list(zip(*options.get_sheet_by_name("选项").to_python(), strict=False))
    status = next(column for column in columns if column[0] == "经营状态")
    assert [value for value in status[1:] if value] == OperatingStatus.labels


def test_required_headers_are_bold_red(login):
    archive = zipfile.ZipFile(io.BytesIO(template(login, "members")))
    styles = archive.read("xl/styles.xml").decode()
    assert re.search(r'<font><b/>.*?<color rgb="FFC00000"/>', styles)


def test_instructions_explain_dates_choices_and_separators(login):
    book = python_calamine.CalamineWorkbook.from_filelike(
        io.BytesIO(template(login, "organizations"))
    )
    text = "\n".join(
        str(cell) for row in book.get_sheet_by_name("填写说明").to_python() for cell in row
    )
    assert "YYYY年M月D日" in text and "顿号" in text and "单独组建、联合组建" in text

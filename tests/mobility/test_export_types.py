"""Mobility exports write dates as date cells and counts as numbers (core.spreadsheets),
so a user can sort and filter them in Excel or WPS; the pages show the same values."""

import datetime
import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests import factories as f
from tests.mobility.conftest import contact, floating, letter

ISSUED = datetime.date(2024, 3, 1)


def exported(client, url_name) -> list[dict]:
    """The data rows of a list's workbook, each keyed by its column header."""
    response = client.get(reverse(url_name), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    _title, headers, *rows = sheet.to_python()
    return [dict(zip(headers, row, strict=True)) for row in rows]


def test_the_transfer_export_has_date_cells(world, login):
    letter(world.member_a, issued_on=ISSUED, to=world.org_b)
    client = login("town_a_admin")
    [row] = exported(client, "mobility:transfers")
    assert row["开具日期"] == ISSUED
    assert isinstance(row["有效期至"], datetime.date) and row["有效期至"] > ISSUED
    page = client.get(reverse("mobility:transfers")).content.decode()
    assert "<td>2024年3月1日</td>" in page  # the page prints it as every page prints dates


def test_the_overdue_export_has_a_date_and_a_count(world, login):
    member = floating(world.org_a, name="甲流动")
    contact(member, datetime.date(2020, 1, 1))
    [row] = exported(login("town_a_admin"), "mobility:overdue")
    assert row["最近联系"] == datetime.date(2020, 1, 1)
    assert row["距今天数"] == (datetime.date.today() - datetime.date(2020, 1, 1)).days


def test_the_departed_export_dates_the_latest_letter(world, login):
    member = f.MemberFactory(organization=world.org_a, flow_type="departed", name="乙离职")
    letter(member, issued_on=ISSUED, to_name="某社区党委")
    [row] = exported(login("town_a_admin"), "mobility:departed")
    assert isinstance(row["有效期至"], datetime.date) and row["有效期至"] > ISSUED

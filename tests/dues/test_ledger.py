"""Ledger kind ``dues_bases`` (DOMAIN.md §5 interfaces are added, never renamed).

Key: 公民身份号码 + 年度; the member must exist inside the importer's scope; the
monthly amount is computed by the brackets of 中组发〔2008〕3号, never typed.
"""

import datetime
from decimal import Decimal

import pytest

from liangxin.dues.models import DuesBase, DuesStatus
from liangxin.ledger.cells import CellError
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.pipeline import FileProblem
from tests import factories as f
from tests.dues.conftest import base_for, month_for
from tests.ledger.helpers import csv_bytes, errors, run, xlsx_bytes

pytestmark = pytest.mark.django_db
D = Decimal
HEADERS = ["公民身份号码", "姓名", "年度", "党费类别", "月计算基数（元）", "农民党员月交纳额（元）"]


def file_of(*rows) -> bytes:
    return csv_bytes([HEADERS, *rows])


def row_a(world, *, year="2025", category="在职", base="3000.00", farmer="", name="林晓红"):
    return [world.member_a_id_number, name, year, category, base, farmer]


def import_as(world, persona, *rows, **options):
    return run("dues_bases", file_of(*rows), user=world.user(persona), **options)


def test_kind_is_registered_with_chinese_headers():
    kind = kind_named("dues_bases")
    assert [c.header for c in kind.columns][:6] == HEADERS
    assert kind.key_header == "公民身份号码" and kind.personal


def test_import_sets_the_base_and_computes_the_amount(world):
    result = import_as(world, "town_a_admin", row_a(world, base="5000.01"))
    assert (result.created, result.bad, result.written) == (1, 0, True)
    base = DuesBase.objects.get()
    assert (base.member, base.year, base.base) == (world.member_a, 2025, D("5000.01"))
    assert base.monthly_amount == D("75.00")  # 1.5% of the whole base
    assert base.set_by == world.user("town_a_admin")


def test_import_of_an_existing_key_updates_and_reprices_unpaid_months(world):
    base_for(world.member_a, base="3000.00")
    unpaid = month_for(world.member_a, 2025, 2)
    result = import_as(world, "secretary", row_a(world, base="10000.00"))
    assert (result.created, result.updated) == (0, 1)
    assert DuesBase.objects.get().monthly_amount == D("150.00")
    unpaid.refresh_from_db()
    assert unpaid.amount_due == D("150.00")


def test_same_values_again_are_unchanged(world):
    import_as(world, "district_admin", row_a(world))
    again = import_as(world, "district_admin", row_a(world))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_another_year_is_another_record(world):
    result = import_as(world, "district_admin", row_a(world), row_a(world, year="2026"))
    assert result.created == 2


def test_fixed_and_farmer_categories(world):
    member = f.MemberFactory(organization=world.org_a)
    number = member.reveal_id_number()
    rows = [
        row_a(world, category="学生", base=""),
        [number, "", "2025", "农民", "", "0.50"],
    ]
    result = import_as(world, "district_admin", *rows)
    assert result.bad == 0
    amounts = dict(DuesBase.objects.values_list("member_id", "monthly_amount"))
    assert amounts == {world.member_a.pk: D("0.20"), member.pk: D("0.50")}


@pytest.mark.parametrize(
    ("row_changes", "header", "reason"),
    [
        (dict(base="-1"), "月计算基数（元）", "负数"),
        (dict(base="3000.001"), "月计算基数（元）", "两位小数"),
        (dict(base="1000000.01"), "月计算基数（元）", "过大"),
        (dict(base="三千"), "月计算基数（元）", "应为金额"),
        (dict(base=""), "月计算基数（元）", "须填写月计算基数"),
        (dict(year="1999"), "年度", "2000–2100"),
        (dict(year="二〇二五"), "年度", "整数"),
        (dict(category="军人"), "党费类别", "应为以下之一"),
        (
            dict(category="农民", base="", farmer="1.01"),
            "农民党员月交纳额（元）",
            "0.20 元至 1.00 元",
        ),
        (dict(category="农民", base=""), "农民党员月交纳额（元）", "党支部确定"),
        (dict(farmer="0.50"), "农民党员月交纳额（元）", "仅农民党员"),
        (dict(name="王五"), "姓名", "不符"),
    ],
)
def test_bad_cells_are_reported_and_nothing_lands(world, row_changes, header, reason):
    result = import_as(world, "district_admin", row_a(world, **row_changes))
    assert not result.written and not DuesBase.objects.exists()
    found = errors(result)
    assert [(number, column) for number, column, _ in found] == [(2, header)]
    assert reason in found[0][2]


def test_unknown_id_number_is_reported(world):
    stranger = f.id_number()
    result = import_as(world, "district_admin", [stranger, "", "2025", "在职", "3000", ""])
    assert errors(result) == [(2, "公民身份号码", "该公民身份号码的党员不存在或不在您的管辖范围内")]
    assert stranger not in str(result.bad_rows[0].errors)  # masked in the report


@pytest.mark.parametrize("persona", ["town_b_admin", "outsider"])
def test_member_outside_the_scope_reads_like_an_unknown_one(world, persona):
    result = import_as(world, persona, row_a(world))
    assert errors(result)[0][1:] == (
        "公民身份号码",
        "该公民身份号码的党员不存在或不在您的管辖范围内",
    )
    assert not DuesBase.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "instructor"])
def test_roles_that_do_not_edit_members_cannot_import(world, persona):
    with pytest.raises(FileProblem, match="无权导入党费基数台账"):
        import_as(world, persona, row_a(world))


def test_duplicate_key_in_one_file(world):
    result = import_as(world, "district_admin", row_a(world), row_a(world, base="4000"))
    assert [(n, h) for n, h, _ in errors(result)] == [(3, "公民身份号码")]
    assert "与第 2 行重复" in errors(result)[0][2]
    assert not DuesBase.objects.exists()


def test_one_bad_row_keeps_everything_out_unless_asked(world):
    member = f.MemberFactory(organization=world.org_a)
    good = [member.reveal_id_number(), "", "2025", "在职", "3000", ""]
    bad = row_a(world, base="-5")
    assert not import_as(world, "district_admin", good, bad).written
    kept = import_as(world, "district_admin", good, bad, keep_good=True)
    assert kept.written and DuesBase.objects.get().member == member


def test_oversized_file_cells_are_refused(world):
    result = import_as(world, "district_admin", row_a(world, name="林" * 60))
    assert errors(result)[0][1] == "姓名"


def test_excel_number_cells_keep_the_fen(world):
    data = xlsx_bytes([HEADERS, [world.member_a_id_number, "", 2025, "在职", 3000.01, ""]])
    result = run("dues_bases", data, user=world.user("district_admin"), name="bases.xlsx")
    assert result.bad == 0
    assert DuesBase.objects.get().monthly_amount == D("30.00")


def test_export_rows_reimport_unchanged(world):
    base_for(world.member_a, base="5000.00")
    kind = kind_named("dues_bases")
    ctx = ImportContext(user=world.user("district_admin"))
    rows = [kind.export_row(b, reveal=True) for b in kind.export_queryset(ctx)]
    headers = [c.header for c in kind.columns]
    assert rows == [
        [world.member_a_id_number, "林晓红", 2025, "在职", D("5000.00"), "", D("50.00")]
    ]
    data = csv_bytes([headers, *[[str(cell) for cell in row] for row in rows]])
    result = run("dues_bases", data, user=world.user("district_admin"))
    assert (result.unchanged, result.bad) == (1, 0)


def test_export_masks_id_numbers_by_default_and_is_scoped(world):
    base_for(world.member_a), base_for(world.member_b)
    kind = kind_named("dues_bases")
    ctx = ImportContext(user=world.user("town_a_admin"))
    rows = [kind.export_row(b) for b in kind.export_queryset(ctx)]
    assert len(rows) == 1 and "*" in rows[0][0]


@pytest.mark.parametrize("raw", [True, "1e400", "NaN"])
def test_amount_cell_rejects_non_amounts(raw):
    from liangxin.dues.ledger import yuan_cell

    with pytest.raises(CellError):
        yuan_cell(raw)


def test_months_keep_their_status_when_the_base_changes(world):
    base_for(world.member_a, base="3000.00")
    paid = month_for(world.member_a, 2025, 1, DuesStatus.PAID)
    import_as(world, "district_admin", row_a(world, base="8000"))
    paid.refresh_from_db()
    assert (paid.amount_due, paid.paid_on) == (D("15.00"), datetime.date(2025, 1, 20))

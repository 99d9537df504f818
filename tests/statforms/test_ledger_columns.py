"""The 党内统计 ledger columns (WORK.md §7 "Ledger fields to add"; DOMAIN.md §5: added at the
end, never renamed): imported, refused in Chinese when malformed, exported unchanged."""

from liangxin.enterprises.models import Enterprise
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.kinds import all_kinds
from tests.ledger.helpers import csv_bytes, errors, run

LANDED = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数"]
ADDED = [
    "是否法人单位",
    "控制类型",
    "在岗职工人数",
    "法定代表人是否党员",
    "法定代表人是否兼任书记",
    "社会组织类型",
    "评估等级",
]


def test_the_new_columns_come_last():
    headers = [c.header for c in all_kinds()["enterprises"].columns]
    assert headers[-7:] == ADDED and headers[:5] == LANDED
    org_headers = [c.header for c in all_kinds()["organizations"].columns]
    assert org_headers[-2:] == ["是否建立党小组", "是否由未转入组织关系党员组建"]


def test_import_and_export_of_the_new_columns(world):
    row = [world.ent_a.uscc, world.ent_a.name, world.grid_a.code, "在营", 120]
    data = csv_bytes([LANDED + ADDED, row + ["否", "港澳台商独资", "100", "是", "是", "", "4A"]])
    result = run("enterprises", data, user=world.user("town_a_admin"))
    assert not errors(result)
    e = Enterprise.objects.get(pk=world.ent_a.pk)
    assert (e.is_legal_entity, e.control_type, e.staff_on_post) == (False, "hmt_sole", 100)
    assert (e.legal_rep_is_member, e.legal_rep_is_secretary, e.assessment_grade) == (
        True,
        True,
        4,
    )
    kind = all_kinds()["enterprises"]
    ctx = ImportContext(user=world.user("town_a_admin"))
    exported = {r[0]: r for r in map(kind.export_row, kind.export_queryset(ctx))}
    assert exported[e.uscc][-7:] == ["否", "港澳台商独资", 100, "是", "是", "", "4A"]
    columns, row_of = kind.export_values()
    plain = kind.export_queryset(ctx).filter(pk=e.pk).values_list(*columns).get()
    assert row_of(plain)[-7:] == exported[e.uscc][-7:]


def test_malformed_new_cells_are_refused_and_nothing_lands(world):
    row = [world.ent_a.uscc, world.ent_a.name, world.grid_a.code, "在营", 120]
    for header, value, reason in (
        ("评估等级", "6A", "评估等级应为1A到5A"),
        ("控制类型", "国有", "应为以下之一"),
        ("在岗职工人数", "很多", "整数"),
    ):
        data = csv_bytes([LANDED + [header], row + [value]])
        found = errors(run("enterprises", data, user=world.user("town_a_admin")))
        assert len(found) == 1 and found[0][1] == header and reason in found[0][2]
    assert Enterprise.objects.get(pk=world.ent_a.pk).assessment_grade is None

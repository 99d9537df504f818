"""DONE-WHEN (WORK.md §7): a district's 表27 and 表30 for the demo data match an independent
count made from the ledger files — the regions, enterprises, organizations, members and
instructors ledgers exported by the ledger's own export service to xlsx, read back raw with
python-calamine and counted in plain Python, cell by cell."""

import datetime
import io
from io import StringIO

import pytest
import python_calamine
from django.core.management import call_command

from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.regions.models import Region
from liangxin.statforms import editions, engine
from liangxin.workforce.models import Instructor

pytestmark = pytest.mark.django_db

COVERING = {"党委", "党总支", "党支部", "联合党支部", "临时党支部"}
RANK = {"党委": 3, "党总支": 2}


def ledger(kind: str) -> list[dict]:
    stream = io.BytesIO()
    export_ledger(kind, stream, ImportContext(), fmt="xlsx")
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(stream.getvalue()))
    header, *rows = book.get_sheet_by_index(0).to_python()
    return [dict(zip(header, row, strict=False)) for row in rows]


def day(value):
    if value in ("", None):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def on_or_before(value, as_of) -> bool:
    value = day(value)
    return value is None or value <= as_of


def several(cell) -> list[str]:
    return [part for part in str(cell or "").replace("；", ";").split(";") if part]


def independent_units(district_code: str, categories: set[str], as_of) -> list[dict]:
    """Each unit of the district on the date with its facts, from the ledger rows only."""
    parent = {r["区域代码"]: r["上级区域代码"] for r in ledger("regions")}

    def in_district(code):
        while code:
            if code == district_code:
                return True
            code = parent.get(code)
        return False

    orgs = [
        o
        for o in ledger("organizations")
        if o["组织类别"] in COVERING
        and on_or_before(o["成立日期"], as_of)
        and (day(o["撤销日期"]) is None or day(o["撤销日期"]) > as_of)
    ]
    by_unit: dict[str, list[dict]] = {}
    for o in orgs:
        for uscc in several(o["覆盖企业"]):
            by_unit.setdefault(uscc, []).append(o)
    members: dict[str, list[dict]] = {}
    for m in ledger("members"):
        employed = m["工作单位统一社会信用代码"] and m["管理类型"] != "离职"
        if employed and on_or_before(m["入党日期"], as_of):
            members.setdefault(m["工作单位统一社会信用代码"], []).append(m)
    instructors: dict[str, set[str]] = {}
    for i in ledger("instructors"):
        for uscc in several(i["联系企业"]):
            instructors.setdefault(uscc, set()).add(i["公民身份号码"] + i["姓名"])
    units = []
    for e in ledger("enterprises"):
        if not (
            (e["单位类别"] or "企业") in categories
            and e["是否法人单位"] == "是"
            and e["经营状态"] == "在营"
            and on_or_before(e["成立日期"], as_of)
            and in_district(e["所属区域代码"])
        ):
            continue
        covering = by_unit.get(e["统一社会信用代码"], [])
        own = [o for o in covering if o["组建方式"] == "单独组建"]
        staff = members.get(e["统一社会信用代码"], [])
        full = [m for m in staff if m["党员状态"] == "正式" and on_or_before(m["转正日期"], as_of)]
        units.append(
            {
                **e,
                "own_rank": max((RANK.get(o["组织类别"], 1) for o in own), default=0),
                "covered": bool(covering),
                "joint_orgs": {o["组织编码"] for o in covering if o["组建方式"] != "单独组建"},
                "untransferred_orgs": {
                    o["组织编码"] for o in covering if o["是否由未转入组织关系党员组建"] == "是"
                },
                "has_group": any(o["是否建立党小组"] == "是" for o in own),
                "members": len(staff),
                "full": len(full),
                "inflow": sum(1 for m in staff if m["管理类型"] == "流入"),
                "instructors": instructors.get(e["统一社会信用代码"], set()),
                "staff": e["在岗职工人数"]
                if e["在岗职工人数"] not in ("", None)
                else e["职工人数"],
            }
        )
    return units


ROWS = {
    "units": lambda u: True,
    "units_instructed": lambda u: bool(u["instructors"]),
    "own": lambda u: u["own_rank"] > 0,
    "own_committee": lambda u: u["own_rank"] == 3,
    "own_general": lambda u: u["own_rank"] == 2,
    "own_branch": lambda u: u["own_rank"] == 1,
    "own_group": lambda u: u["own_rank"] > 0 and u["has_group"],
    "joint": lambda u: u["covered"] and u["own_rank"] == 0,
    "joint_3plus": lambda u: u["covered"] and u["own_rank"] == 0 and u["members"] >= 3,
    "joint_orgs": lambda u: u["covered"] and u["own_rank"] == 0,
    "none": lambda u: not u["covered"],
    "none_should": lambda u: not u["covered"] and u["full"] >= 3,
    "none_few": lambda u: not u["covered"] and u["full"] < 3 and u["members"] >= 1,
    "none_zero": lambda u: not u["covered"] and u["members"] == 0,
    "none_instructed": lambda u: not u["covered"] and bool(u["instructors"]),
    "sup_instructors": lambda u: bool(u["instructors"]),
    "sup_staff_all": lambda u: True,
    "sup_staff_org": lambda u: u["covered"],
    "sup_staff_instr": lambda u: not u["covered"] and bool(u["instructors"]),
    "sup_members_all": lambda u: True,
    "sup_members_org": lambda u: u["covered"],
    "sup_members_instr": lambda u: not u["covered"] and bool(u["instructors"]),
    "sup_inflow": lambda u: True,
    "sup_employees": lambda u: True,
    "sup_members": lambda u: True,
    "sup_untransferred_orgs": lambda u: u["covered"],
}
SUBTYPE = {
    "association": "社会团体",
    "foundation": "基金会",
    "private_non_enterprise": "民办非企业单位",
    "accounting_firm": "会计师事务所",
    "tax_firm": "税务师事务所",
}
CONTROL = {
    "private_controlled": {"私有经济控制", "私营独资"},
    "private_sole": {"私营独资"},
    "hmt_invested": {"港澳台商投资", "港澳台商经济控制", "港澳台商独资"},
    "foreign_invested": {"外商投资", "外商经济控制", "外商独资"},
    "hmt_controlled": {"港澳台商经济控制", "港澳台商独资"},
    "hmt_sole": {"港澳台商独资"},
    "foreign_controlled": {"外商经济控制", "外商独资"},
    "foreign_sole": {"外商独资"},
}


def column(key: str):
    if key == "total":
        return lambda u: True
    if key == "emp50":
        return lambda u: u["职工人数"] >= 50
    if key == "emp100":
        return lambda u: u["职工人数"] >= 100
    if key == "rep_member":
        return lambda u: u["法定代表人是否党员"] == "是"
    if key == "rep_secretary":
        return lambda u: u["法定代表人是否党员"] == "是" and u["法定代表人是否兼任书记"] == "是"
    if key in CONTROL:
        return lambda u: u["控制类型"] in CONTROL[key]
    if key == "law_firm":
        return lambda u: (
            u["社会组织类型"] == "律师事务所"
            or (u["单位类别"] == "律师事务所" and not u["社会组织类型"])
        )
    return lambda u: u["社会组织类型"] == SUBTYPE[key]


def measure(row_key: str, units: list[dict]) -> int:
    if row_key == "joint_orgs":
        return len(set().union(*(u["joint_orgs"] for u in units)))
    if row_key == "sup_untransferred_orgs":
        return len(set().union(*(u["untransferred_orgs"] for u in units)))
    if row_key == "sup_instructors":
        return len(set().union(*(u["instructors"] for u in units)))
    if row_key.startswith("sup_staff"):
        return sum(int(u["staff"]) for u in units)
    if row_key == "sup_employees":
        return sum(int(u["职工人数"]) for u in units)
    if row_key.startswith("sup_members"):
        return sum(u["members"] for u in units)
    if row_key == "sup_inflow":
        return sum(u["inflow"] for u in units)
    return len(units)


def test_the_district_forms_match_a_count_from_the_ledger_files(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command(
        "seed_demo", "--scale", "small", "--seed", "7", stdout=StringIO(), stderr=StringIO()
    )
    assert not Instructor.objects.filter(active=False).exists()  # the ledger has no 在岗 column
    district = Region.objects.filter(depth=1).order_by("path").first()
    as_of = datetime.date(2024, 12, 31)
    for form, categories in (
        (editions.FORM_27, {"企业"}),
        (editions.FORM_30, {"社会组织", "律师事务所"}),
    ):
        units = independent_units(district.code, categories, as_of)
        assert len(units) >= 5, form.title  # the demo has units of this form
        computed = engine.compute(form, district, as_of)
        expected = {
            (row.key, col.key): measure(
                row.key, [u for u in units if ROWS[row.key](u) and column(col.key)(u)]
            )
            for row in form.rows
            for col in form.cols
        }
        assert computed == expected, form.title
    # 表27 is not trivially zero: the demo district has own, joint and missing organizations
    t27 = engine.compute(editions.FORM_27, district, as_of)
    assert t27[("own", "total")] and t27[("joint", "total")] and t27[("none_should", "total")]

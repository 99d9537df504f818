"""A ledger export names its codes on a second sheet, 代码对照 (issue 14, item 4: names
beside codes), while the data sheet keeps exactly the kind's headers (DOMAIN.md §5) and
the file re-imports without a note (tests/ledger/test_masked_roundtrip.py)."""

import io

import pytest
from python_calamine import CalamineWorkbook

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.sheets import NAMES_SHEET

pytestmark = pytest.mark.django_db


def sheets(kind, *, user=None) -> dict[str, list[list]]:
    stream = io.BytesIO()
    with audit_context(user, channel=CHANNEL_COMMAND):
        export_ledger(kind, stream, ImportContext(user=user), reveal=False)
    book = CalamineWorkbook.from_filelike(io.BytesIO(stream.getvalue()))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_data_sheet_keeps_the_kinds_headers_and_comes_first(world):
    found = sheets("organizations")
    data, *others = found
    assert data == "党组织" and others == [NAMES_SHEET]
    assert found[data][0] == [column.header for column in kind_named("organizations").columns]


def test_region_and_organization_codes_are_named(world):
    lookup = sheets("organizations")[NAMES_SHEET]
    assert lookup[0] == ["类别", "代码", "名称"]
    named = {(code, name) for _, code, name in lookup[1:]}
    assert ("CJ-A1-01", "川姜一网格") in named  # 所属区域代码
    assert ("ORG-A", "川姜纺织有限公司党支部") in named  # 上级组织编码 of the 党小组


def test_industry_letters_are_named(world):
    world.ent_a.industry = "C"
    world.ent_a.save()
    named = {(what, code, name) for what, code, name in sheets("enterprises")[NAMES_SHEET][1:]}
    assert ("行业门类", "C", "制造业") in named


def test_a_code_outside_the_users_scope_gets_no_name(world):
    """Town B's admin: the district (the park's parent) is outside the scope, its code left
    out of the rows (ledger.scope) and its name out of the sheet."""
    found = sheets("regions", user=world.user("town_b_admin"))
    names = {name for _, _, name in found.get(NAMES_SHEET, [[None] * 3])[1:]}
    assert "示范区" not in names and "川姜镇" not in names
    assert "开发区" in names  # the parent of 开发区一网格, in scope

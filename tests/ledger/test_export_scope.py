"""Ledger exports are scoped like the lists (issue 12, "Data scope"), mask the birth date
where the ID number is masked, and neutralize formulas (OWASP CSV injection).

The world gets links that cross scopes: an organization of town B under one of town A,
an organization of town B covering an enterprise of town A, members employed outside
their organization's town or outside the secretary's coverage, an instructor assigned
in both towns. Each persona's export of each kind must name no record the persona
cannot see in the lists.
"""

import csv
import datetime
import io

import pytest

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.core.formulas import neutralize, restore
from liangxin.enterprises.models import Enterprise
from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.pipeline import run_import
from liangxin.regions.models import Region
from tests.conftest import PERSONAS
from tests.personas.scope_helpers import cross_scopes, keys_and_names

pytestmark = pytest.mark.django_db

KINDS = ["regions", "enterprises", "organizations", "members", "instructors"]


@pytest.fixture
def crossed(world):
    return cross_scopes(world)


def export_cells(kind: str, user, *, fmt="csv") -> list[list[str]]:
    stream = io.BytesIO()
    with audit_context(user, channel=CHANNEL_COMMAND):
        export_ledger(kind, stream, ImportContext(user=user), fmt=fmt)
    return list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"))))


def tokens(rows: list[list[str]]) -> set[str]:
    """Every cell, and every part of a multi-value cell."""
    return {part for row in rows for cell in row for part in [cell, *cell.split("；")] if part}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_an_export_names_no_record_outside_the_scope(crossed, persona, kind):
    user = crossed.user(persona)
    rows = export_cells(kind, user)
    leaked = tokens(rows) & keys_and_names(user)["hidden"]
    assert not leaked, (persona, kind, leaked)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", ["town_a_admin", "secretary", "instructor", "leader"])
def test_the_page_and_job_export_names_no_record_outside_the_scope(crossed, persona, kind):
    """The download and the background job write through services.export_write, not the
    command: the same rule holds there."""
    import python_calamine
    from django.http import QueryDict

    from liangxin.ledger import services

    user = crossed.user(persona)
    queryset = services.registry_list_queryset(kind=kind, user=user, filters=QueryDict())
    stream = io.BytesIO()
    with audit_context(user, channel=CHANNEL_COMMAND):
        services.export_write(
            kind_name=kind, queryset=queryset, user=user, stream=stream, reveal=False
        )
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(stream.getvalue()))
    rows = [[str(c) for c in row] for row in book.get_sheet_by_index(0).to_python()]
    leaked = tokens(rows) & keys_and_names(user)["hidden"]
    assert not leaked, (persona, kind, leaked)


@pytest.mark.parametrize(
    ("persona", "kind", "header", "key", "shown"),
    [
        # The town's parent (the district) is not the town admin's: left empty.
        ("town_a_admin", "regions", "上级区域代码", "350599100000", ""),
        ("secretary", "regions", "上级区域代码", "CJ-A1-01", ""),
        # An organization of town B under one of town A.
        ("town_b_admin", "organizations", "上级组织编码", "ORG-B-1", ""),
        ("district_admin", "organizations", "上级组织编码", "ORG-B-1", "ORG-A"),
        # Town B's branch also covers an enterprise of town A: only its own remains.
        ("town_b_admin", "organizations", "覆盖企业", "ORG-B", "ent_b"),
        ("district_admin", "organizations", "覆盖企业", "ORG-B", "ent_b；ent_a2"),
        # The instructor works in both towns.
        ("town_a_admin", "instructors", "联系企业", "王指导", "ent_a2"),
        ("town_b_admin", "instructors", "联系企业", "王指导", "ent_b"),
        ("instructor", "instructors", "联系企业", "王指导", "ent_a2；ent_b"),
        # A member of town A employed in town B; one employed outside the secretary's coverage.
        ("town_a_admin", "members", "工作单位统一社会信用代码", "林晓红", ""),
        ("secretary", "members", "工作单位统一社会信用代码", "周跨界", ""),
        ("town_a_admin", "members", "工作单位统一社会信用代码", "周跨界", "ent_a2"),
    ],
)
def test_a_hidden_link_is_left_out_and_a_visible_one_kept(
    crossed, persona, kind, header, key, shown
):
    rows = export_cells(kind, crossed.user(persona))
    headers = rows[0]
    row = next(r for r in rows[1:] if key in r)
    expected = "；".join(
        getattr(crossed, part).uscc if part.startswith("ent_") else part
        for part in shown.split("；")
        if part
    )
    cell = row[headers.index(header)]
    assert sorted(cell.split("；")) == sorted(expected.split("；")), (persona, cell)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_whole_scope_still_reimports_unchanged(crossed, kind, fmt):
    """DOMAIN.md §5: for a user who sees everything, nothing is left out of the export."""
    Region.objects.filter(pk=crossed.other_root.pk).delete()  # the district is everything
    stream = io.BytesIO()
    with audit_context(None, channel=CHANNEL_COMMAND):
        user = crossed.user("district_admin")
        export_ledger(kind, stream, ImportContext(user=user), fmt=fmt, reveal=True)
        result = run_import(
            kind_name=kind,
            data=stream.getvalue(),
            file_name=f"{kind}.{fmt}",
            ctx=ImportContext(user=user),
        )
    assert result.bad_rows == []
    assert result.is_noop, [(r.number, r.changes) for r in result.updates]


# --- the birth date beside the masked ID number -----------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_members_export_gives_the_birth_year_without_the_right_to_unmask(world, persona):
    """6+4 digits of the ID number and the birth date are the whole number: a role that may
    not unmask it (leader) gets the birth year only."""
    user = world.user(persona)
    rows = export_cells("members", user)
    births = {row[rows[0].index("出生日期")] for row in rows[1:] if row[1] == "林晓红"}
    if not births:
        return  # the member is outside this persona's scope
    expected = "1980" if persona == "leader" else "1980-01-15"
    assert births == {expected}, persona


# --- formula injection ------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x")', "+8613800000000", "-2+3", "@SUM(A1)", "'=quoted"]


@pytest.mark.parametrize("text", FORMULAS)
def test_neutralize_quotes_formulas_and_restore_gives_them_back(text):
    assert neutralize(text).startswith("'")
    assert restore(neutralize(text)) == text


def test_plain_text_is_left_alone():
    for text in ["川姜纺织", "350599", "2024-01-01", "'plain", "a=b", ""]:
        assert neutralize(text) == text
        assert restore(text) == text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_formulas_are_text_and_reimport_unchanged(world, fmt):
    """OWASP CSV injection: a cell a user typed as "=…" is exported quoted ('=…), and the
    import takes the quote off again (ledger.cells.text)."""
    Enterprise.objects.filter(pk=world.ent_a.pk).update(
        name='=HYPERLINK("http://evil","点击")', address="-2+3+cmd|' /C calc'!A0"
    )
    Enterprise.objects.filter(pk=world.ent_b.pk).update(address="@SUM(1+1)", employee_count=0)
    stream = io.BytesIO()
    with audit_context(None, channel=CHANNEL_COMMAND):
        export_ledger("enterprises", stream, ImportContext(), fmt=fmt)
    data = stream.getvalue()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = [[str(c) for c in r] for r in book.get_sheet_by_index(0).to_python()]
    cells = {cell for row in rows for cell in row}
    assert '\'=HYPERLINK("http://evil","点击")' in cells
    assert "'-2+3+cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)" in cells
    assert not any(c[:1] in "=+-@" for c in cells if c), cells
    with audit_context(None, channel=CHANNEL_COMMAND):
        result = run_import(
            kind_name="enterprises", data=data, file_name=f"e.{fmt}", ctx=ImportContext()
        )
    assert result.bad_rows == []
    assert result.is_noop, [(r.number, r.changes) for r in result.updates]


def test_csv_numbers_stay_numbers():
    from liangxin.core.spreadsheets import write_csv

    stream = io.BytesIO()
    write_csv(stream, ["a", "b", "c"], [[-5, "-5", datetime.date(2020, 1, 2)]])
    assert stream.getvalue().decode("utf-8-sig").splitlines()[1] == "-5,'-5,2020-01-02"


def test_the_error_file_quotes_a_formula_the_user_typed():
    """The error file gives the user's bad rows back: a "=…" cell stays text there too."""
    import python_calamine

    from liangxin.ledger.error_file import build_error_file
    from liangxin.ledger.framework import ParsedRow

    row = ParsedRow(2, ["=1+1", "@x", 5])
    row.fail("统一社会信用代码", "=1+1", "格式不正确")
    data = build_error_file(["统一社会信用代码", "企业名称", "职工人数"], [row])
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = book.get_sheet_by_index(0).to_python()[1]
    assert cells[:3] == ["'=1+1", "'@x", 5.0]

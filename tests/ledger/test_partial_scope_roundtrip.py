"""A partial scope's export re-imports unchanged (issue 12, "Data scope"; DOMAIN.md §5).

Exports leave out links to records outside the exporting user's scope
(``liangxin.ledger.scope``): an empty 上级区域代码 / 上级组织编码 /
工作单位统一社会信用代码, a 覆盖企业 / 联系企业 cell without the hidden codes. The
import must read those cells back as "unchanged": the hidden links stay in the
database, nothing is reported as a change, the coverage figures of the other town
stay as they were, and no message names a record the importer cannot see.

Each persona with a partial scope (a town admin, a secretary, a grid officer) exports
every kind it may import through the real export code and imports the file unchanged.
The world (``tests.scope_helpers.cross_scopes``) has links that cross the scopes.
"""

import csv
import io

import pytest

from liangxin.core import roles
from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.coverage.models import EnterpriseFacts
from liangxin.enterprises.models import Enterprise
from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.pipeline import run_import
from liangxin.members.models import Member
from liangxin.organizations.models import CoverageLink, PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor
from tests import factories as f
from tests.personas.scope_helpers import cross_scopes, keys_and_names

pytestmark = pytest.mark.django_db

PARTIAL_PERSONAS = ["town_a_admin", "town_b_admin", "secretary", "grid_officer"]
# dues_bases name only members (by ID number), in scope by construction: nothing is hidden.
EXPORTABLE = ["regions", "enterprises", "organizations", "members", "instructors"]
CASES = [
    (persona, kind)
    for persona, role in (
        ("town_a_admin", roles.Role.TOWN_ADMIN),
        ("town_b_admin", roles.Role.TOWN_ADMIN),
        ("secretary", roles.Role.SECRETARY),
        ("grid_officer", roles.Role.GRID_OFFICER),
    )
    for kind in EXPORTABLE
    if kind in roles.EDITABLE_KINDS[role]
]


@pytest.fixture
def crossed(world):
    """The crossing links, a grid officer of 川姜一网格, and a region of town B under the
    district (the town admins' parent lies outside their scope)."""
    cross_scopes(world)
    world.users["grid_officer"] = f.account("grid_a", "grid_officer", regions=[world.grid_a])
    return world


def links() -> dict:
    """Every link the kinds write, as it stands in the database."""
    return {
        "parents": {
            model.__name__: sorted(
                (node.code, getattr(model.objects.get_parent(node), "code", None))
                for node in model.objects.all()
            )
            for model in (Region, PartyOrganization)
        },
        "coverage": sorted(CoverageLink.objects.values_list("organization_id", "enterprise_id")),
        "assignments": sorted(
            Instructor.enterprises.through.objects.values_list("instructor_id", "enterprise_id")
        ),
        "employers": sorted(Member.objects.values_list("id", "employer_id")),
        "organizations": sorted(Member.objects.values_list("id", "organization_id")),
        "regions": sorted(Enterprise.objects.values_list("id", "region_id")),
    }


def facts() -> list:
    return sorted(EnterpriseFacts.objects.values_list())


def export(kind: str, user, fmt: str) -> bytes:
    stream = io.BytesIO()
    with audit_context(user, channel=CHANNEL_COMMAND):
        export_ledger(kind, stream, ImportContext(user=user), fmt=fmt, reveal=True)
    return stream.getvalue()


def reimport(kind: str, data: bytes, user, fmt: str, *, dry_run=False):
    with audit_context(user, channel=CHANNEL_COMMAND):
        return run_import(
            kind_name=kind,
            data=data,
            file_name=f"{kind}.{fmt}",
            ctx=ImportContext(user=user),
            dry_run=dry_run,
        )


def messages(result) -> list[str]:
    """Everything the result page and the error file would tell the user."""
    told = list(result.notes)
    for row in result.bad_rows:
        told += [f"{e.header} {e.value} {e.reason}" for e in row.errors]
    for row in result.updates:
        told += [f"{name} {old} {new}" for name, (old, new) in row.changes.items()]
    return told


def hidden_tokens(user) -> set[str]:
    hidden = keys_and_names(user)["hidden"]
    return {token for token in hidden if len(token) >= 4}  # no short words matching by chance


def test_the_personas_do_hide_links():
    """Not vacuous: each persona's scope leaves out links of the kinds it imports."""
    assert ("secretary", "members") in CASES
    assert ("grid_officer", "enterprises") in CASES
    assert ("town_b_admin", "instructors") in CASES


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("persona", "kind"), CASES)
def test_a_partial_scope_export_reimports_unchanged(crossed, persona, kind, fmt):
    user = crossed.user(persona)
    before, facts_before = links(), facts()
    data = export(kind, user, fmt)
    result = reimport(kind, data, user, fmt)
    told = messages(result)
    assert result.bad_rows == [], told
    assert result.is_noop, told
    assert result.unchanged > 0
    assert links() == before
    assert facts() == facts_before
    leaked = {token for token in hidden_tokens(user) for text in told if token in text}
    assert not leaked


# --- the hidden link survives a real change of the row --------------------------------------


def export_rows(kind: str, user) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export(kind, user, "csv").decode("utf-8-sig"))))


def csv_of(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


def edit(rows, key: str, header: str, value: str) -> list[list[str]]:
    row = next(r for r in rows[1:] if key in r)
    row[rows[0].index(header)] = value
    return rows


@pytest.mark.parametrize(
    ("persona", "kind", "key", "header", "value"),
    [
        ("town_a_admin", "regions", "350599100000", "区域名称", "川姜镇（新）"),
        ("town_b_admin", "organizations", "ORG-B-1", "组织名称", "开发区联合党支部（新）"),
        ("town_b_admin", "organizations", "ORG-B", "组织名称", "开发区党支部（新）"),
        ("town_a_admin", "instructors", "王指导", "姓名", "王指导员"),
        ("secretary", "members", "周跨界", "民族", "回族"),
        ("grid_officer", "members", "林晓红", "民族", "回族"),
    ],
)
def test_a_changed_row_keeps_its_hidden_links(crossed, persona, kind, key, header, value):
    user = crossed.user(persona)
    before, facts_before = links(), facts()
    rows = edit(export_rows(kind, user), key, header, value)
    result = reimport(kind, csv_of(rows), user, "csv")
    assert result.bad_rows == [], messages(result)
    assert result.updated == 1
    assert links() == before
    assert facts() == facts_before


def test_a_visible_enterprise_added_beside_hidden_ones_keeps_them(crossed):
    """Town B's admin adds a second enterprise of town B to its branch: the enterprise of
    town A the branch also covers stays covered, and the change counts 2 → 3."""
    user = crossed.user("town_b_admin")
    extra = f.EnterpriseFactory(name="开发区新材料有限公司", region=crossed.grid_b)
    rows = export_rows("organizations", user)
    row = next(r for r in rows[1:] if r[0] == "ORG-B")
    column = rows[0].index("覆盖企业")
    row[column] = f"{row[column]}；{extra.uscc}"
    result = reimport("organizations", csv_of(rows), user, "csv")
    assert result.bad_rows == []
    (changed,) = result.updates
    assert changed.changes["covered_enterprises"] == (2, 3)
    covered = set(crossed.org_b.covered_enterprises.values_list("pk", flat=True))
    assert covered == {crossed.ent_b.pk, crossed.ent_a2.pk, extra.pk}


def test_a_visible_link_removed_in_the_file_is_removed(crossed):
    """Keeping the hidden links does not keep the visible ones: the instructor's enterprise
    of town A, left out by town A's admin, goes; its enterprise of town B stays."""
    user = crossed.user("town_a_admin")
    rows = edit(export_rows("instructors", user), "王指导", "联系企业", "")
    result = reimport("instructors", csv_of(rows), user, "csv")
    assert result.bad_rows == []
    assert set(crossed.instructor.enterprises.all()) == {crossed.ent_b}


def test_a_member_with_a_hidden_employer_can_be_given_a_visible_one(crossed):
    user = crossed.user("town_a_admin")
    rows = edit(
        export_rows("members", user), "林晓红", "工作单位统一社会信用代码", crossed.ent_a.uscc
    )
    result = reimport("members", csv_of(rows), user, "csv")
    assert result.bad_rows == []
    assert Member.objects.get(pk=crossed.member_a.pk).employer == crossed.ent_a


# --- a parent that may not change: the message names no hidden parent -------------------------


@pytest.mark.parametrize(
    ("persona", "kind", "key", "header", "value"),
    [
        # The district (town A's parent) lies outside town A's admin's scope.
        ("town_a_admin", "regions", "350599100000", "上级区域代码", "CJ-A1"),
        # ORG-A (ORG-B-1's parent) lies outside town B's admin's scope.
        ("town_b_admin", "organizations", "ORG-B-1", "上级组织编码", "ORG-B"),
    ],
)
def test_moving_a_node_with_a_hidden_parent_names_no_parent(
    crossed, persona, kind, key, header, value
):
    user = crossed.user(persona)
    rows = edit(export_rows(kind, user), key, header, value)
    result = reimport(kind, csv_of(rows), user, "csv")
    told = messages(result)
    assert [e.reason for r in result.bad_rows for e in r.errors] == ["不能通过导入调整上级"], told
    hidden = {"350599", "示范区", "ORG-A", "川姜纺织有限公司党支部"}
    assert not {token for token in hidden for text in told if token in text}, told


def test_moving_a_node_with_a_visible_parent_still_names_it(crossed):
    user = crossed.user("town_a_admin")
    rows = edit(export_rows("regions", user), "CJ-A1-01", "上级区域代码", "350599100000")
    result = reimport("regions", csv_of(rows), user, "csv")
    reasons = [e.reason for r in result.bad_rows for e in r.errors]
    assert reasons == ["不能通过导入调整上级（现为 CJ-A1）"]


def test_a_node_outside_the_scope_gets_no_word_about_its_parent(crossed):
    """ORG-B-1 (town B) sits under ORG-A (town A): town A's admin naming ORG-B-1 learns
    nothing of where it sits, only the neutral refusal of its code."""
    user = crossed.user("town_a_admin")
    PartyOrganization.objects.filter(code="ORG-B-1").update(name="隐藏支部")
    org_b1 = PartyOrganization.objects.get(code="ORG-B-1")
    # Under town B's branch now: its parent ORG-B is outside town A's scope.
    PartyOrganization.objects.filter(pk=org_b1.pk).update(path=crossed.org_b.path + "0001")
    rows = [
        ["组织编码", "组织名称", "组织类别", "组建方式", "上级组织编码", "所属区域代码"],
        ["ORG-B-1", "新支部", "党支部", "单独组建", "ORG-A", crossed.grid_a.code],
    ]
    result = reimport("organizations", csv_of(rows), user, "csv")
    told = messages(result)
    assert result.bad_rows and not result.written
    assert not [text for text in told if "ORG-B" in text.replace("ORG-B-1", "")], told
    assert not [text for text in told if "已由其他" in text], told

"""The values the organization warnings read can be entered: 设立委员会 (page, API, ledger) and
the term dates (ledger); the general branch and committee size rules are checked.

RULES.md "Organizations": 7 or more full members set up a committee (支部工作条例 ch. 6);
terms of 5 years for a committee, 3 for a branch (中办《关于党的基层组织任期的意见》2018);
a general branch has 50–99 members, a grassroots committee 100 or more, fewer with the
higher committee's approval (国有企业基层组织工作条例 2019 art. 4 and equivalents).
"""

import datetime

import pytest
from django.urls import reverse

from liangxin.ledger.framework import ImportContext
from liangxin.ledger.kinds import all_kinds
from liangxin.organizations import warnings
from liangxin.organizations.models import PartyOrganization
from tests import factories as f
from tests.ledger.helpers import csv_bytes, errors, run

pytestmark = pytest.mark.django_db

# DOMAIN.md §5: the organizations ledger's first headers, as landed; new ones come after.
LANDED_HEADERS = [
    "组织编码",
    "组织名称",
    "组织类别",
    "组建方式",
    "上级组织编码",
    "所属区域代码",
    "覆盖企业",
    "成立日期",
    "撤销日期",
    "书记是否出资人",
]
ADDED_HEADERS = [
    "是否设立委员会",
    "本届任期开始日期",
    "任期（年）",
    "是否建立党小组",
    "是否由未转入组织关系党员组建",
]


def seven_full_members(org):
    for _ in range(7):
        f.MemberFactory(organization=org)


def no_committee_codes() -> set[str]:
    return {o.code for o in warnings.no_committee(PartyOrganization.objects.all())}


# --- 设立委员会: the page, the API, the ledger ------------------------------------------------


def test_committee_set_on_the_edit_page_clears_the_warning(login, world):
    """支部工作条例 ch. 6: the warning clears once the branch records its committee."""
    seven_full_members(world.org_a)
    assert "ORG-A" in no_committee_codes()
    page = login("town_a_admin").get(reverse("organizations:edit", args=[world.org_a.code]))
    assert 'name="has_committee"' in page.content.decode()
    data = {
        "code": world.org_a.code,
        "name": world.org_a.name,
        "kind": "branch",
        "formation": "single",
        "region": world.grid_a.code,
        "covered_enterprises": world.ent_a.uscc,
        "has_committee": "on",
    }
    url = reverse("organizations:edit", args=[world.org_a.code])
    response = login("town_a_admin").post(url, data)
    assert response.status_code == 302
    assert PartyOrganization.objects.get(pk=world.org_a.pk).has_committee
    assert "ORG-A" not in no_committee_codes()
    detail = login("town_a_admin").get(response["Location"]).content.decode()
    assert "已设立" in detail


def test_committee_set_over_the_api(client_as, world):
    seven_full_members(world.org_a)
    api = client_as("town_a_admin")
    response = api.patch(
        f"/api/v1/organizations/{world.org_a.code}/", {"has_committee": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["has_committee"] is True
    assert "ORG-A" not in no_committee_codes()


def test_committee_over_the_api_out_of_scope_is_not_found(client_as, world):
    response = client_as("town_b_admin").patch(
        f"/api/v1/organizations/{world.org_a.code}/", {"has_committee": True}, format="json"
    )
    assert response.status_code == 404
    assert not PartyOrganization.objects.get(pk=world.org_a.pk).has_committee


def test_term_years_out_of_range_refused_in_chinese(client_as, world):
    """A term of 11 years would never be reminded (warnings.MAX_TERM_YEARS)."""
    response = client_as("town_a_admin").patch(
        f"/api/v1/organizations/{world.org_a.code}/", {"term_years": 11}, format="json"
    )
    assert response.status_code == 400
    assert "任期（年）应在1到10之间" in response.content.decode()
    assert PartyOrganization.objects.get(pk=world.org_a.pk).term_years is None


# --- the ledger: added columns at the end -------------------------------------------------


def test_ledger_keeps_its_headers_and_adds_at_the_end():
    """DOMAIN.md §5: a kind, once landed, keeps its headers (add columns, never rename)."""
    headers = [column.header for column in all_kinds()["organizations"].columns]
    assert headers == LANDED_HEADERS + ADDED_HEADERS


def organization_rows(world, **cells) -> list[list]:
    """A new branch under a general branch of the town (a branch holds no branch)."""
    parent = f.organization("GB-TERM", "任期党总支", region=world.grid_a, kind="general_branch")
    row = {
        "组织编码": "O-TERM",
        "组织名称": "任期党支部",
        "组织类别": "党支部",
        "组建方式": "单独组建",
        "上级组织编码": parent.code,
        "所属区域代码": world.grid_a.code,
        **cells,
    }
    return [list(row), list(row.values())]


def test_imported_organization_with_an_expired_term_is_warned(world):
    """任期意见 2018: a branch elected on 2020-03-01 for 3 years was due on 2023-03-01."""
    data = csv_bytes(
        organization_rows(
            world, 是否设立委员会="是", 本届任期开始日期="2020-03-01", **{"任期（年）": ""}
        )
    )
    result = run("organizations", data, user=world.user("town_a_admin"))
    assert not errors(result)
    org = PartyOrganization.objects.get(code="O-TERM")
    assert org.has_committee and org.term_started_on == datetime.date(2020, 3, 1)
    rows = {o.code: (end, past) for o, end, past in warnings.term_due(PartyOrganization.objects)}
    assert rows["O-TERM"] == (datetime.date(2023, 3, 1), True)
    page = warnings.warning_rows("term", PartyOrganization.objects.all())
    assert any(r["organization"].code == "O-TERM" and "已于" in r["detail"] for r in page)


def test_imported_term_years_of_its_own(world):
    data = csv_bytes(
        organization_rows(world, 本届任期开始日期="2021年6月1日", **{"任期（年）": "5"})
    )
    assert not errors(run("organizations", data, user=world.user("town_a_admin")))
    org = PartyOrganization.objects.get(code="O-TERM")
    assert org.term_years == 5 and not org.has_committee  # blank 是否设立委员会: 否
    rows = {o.code: end for o, end, _ in warnings.term_due(PartyOrganization.objects)}
    assert rows["O-TERM"] == datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("任期（年）", "0", "任期（年）应在1到10之间"),
        ("任期（年）", "11", "任期（年）应在1到10之间"),
        ("任期（年）", "三年", "应为整数"),
        ("本届任期开始日期", "2020-13-01", "日期"),
        ("是否设立委员会", "有", "应填“是”或“否”"),
    ],
)
def test_malformed_cells_are_refused_in_chinese_and_nothing_lands(world, header, value, reason):
    data = csv_bytes(organization_rows(world, **{header: value}))
    result = run("organizations", data, user=world.user("town_a_admin"))
    found = errors(result)
    assert len(found) == 1 and found[0][1] == header and reason in found[0][2]
    assert not PartyOrganization.objects.filter(code="O-TERM").exists()


def test_update_through_the_ledger_sets_the_committee_and_term(world):
    seven_full_members(world.org_a)
    rows = [
        [*LANDED_HEADERS[:6], *ADDED_HEADERS],
        [
            world.org_a.code,
            world.org_a.name,
            "党支部",
            "单独组建",
            "",
            world.grid_a.code,
            "是",
            "2024-01-10",
            "3",
        ],
    ]
    result = run("organizations", csv_bytes(rows), user=world.user("town_a_admin"))
    assert not errors(result)
    org = PartyOrganization.objects.get(pk=world.org_a.pk)
    assert org.has_committee and org.term_started_on == datetime.date(2024, 1, 10)
    assert org.term_years == 3
    assert "ORG-A" not in no_committee_codes()


def test_export_writes_the_added_columns_and_reimports_unchanged(world):
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(
        has_committee=True, term_started_on=datetime.date(2024, 1, 10), term_years=4
    )
    kind = all_kinds()["organizations"]
    ctx = ImportContext(user=world.user("town_a_admin"), file_name="export.csv")
    exported = {row[0]: row for row in map(kind.export_row, kind.export_queryset(ctx))}
    assert exported["ORG-A"][10:13] == ["是", "2024-01-10", 4]
    header = [column.header for column in kind.columns]
    data = csv_bytes([header, exported["ORG-A"]])
    result = run("organizations", data, user=world.user("town_a_admin"))
    assert not errors(result) and result.updated == 0


# --- size rules of a general branch and a committee ------------------------------------------


class TestSizeRules:
    """国有企业基层组织工作条例 2019 art. 4 (and equivalents): a general branch has 50 or more
    members, a grassroots committee 100 or more; fewer only with the higher committee's
    approval, so the platform warns. A committee's members sit in its branches: counted over
    the subtree."""

    def tree(self, world, kind, code, members_below):
        top = f.organization(code, f"{code}组织", region=world.grid_a, kind=kind)
        branch = f.organization(f"{code}-1", f"{code}下属支部", region=world.grid_a, parent=top)
        for _ in range(members_below):
            f.MemberFactory(organization=branch)
        return top

    def test_general_branch_under_50_members(self, world):
        small = self.tree(world, "general_branch", "GB49", 49)
        enough = self.tree(world, "general_branch", "GB50", 50)
        found = set(warnings.general_branch_undersize(PartyOrganization.objects.all()))
        assert small in found and enough not in found

    def test_committee_under_100_members(self, world):
        small = self.tree(world, "committee", "C99", 98)
        f.MemberFactory(organization=small)  # its own member counts too: 99
        enough = self.tree(world, "committee", "C100", 100)
        found = set(warnings.committee_undersize(PartyOrganization.objects.all()))
        assert small in found and enough not in found

    def test_departed_members_and_dissolved_organizations_do_not_count(self, world):
        top = self.tree(world, "general_branch", "GBD", 50)
        f.MemberFactory(organization=top, flow_type="departed")
        branch = PartyOrganization.objects.get(code="GBD-1")
        branch.members.filter(pk=branch.members.first().pk).update(flow_type="departed")
        assert top in set(warnings.general_branch_undersize(PartyOrganization.objects.all()))
        PartyOrganization.objects.filter(pk=top.pk).update(dissolved_on=datetime.date(2020, 1, 1))
        assert top not in set(warnings.general_branch_undersize(PartyOrganization.objects.all()))

    def test_warning_page_names_the_rule_and_its_source(self, login, world):
        self.tree(world, "committee", "C10", 10)
        page = login("town_a_admin").get(reverse("organizations:warnings")).content.decode()
        assert "基层党委党员人数少于100名" in page
        assert "党员 10 名（含下级组织），少于 100 名" in page
        assert "国有企业基层组织工作条例" in page
        assert "党总支党员人数少于50名" in page

    def test_api_lists_the_size_warnings_in_scope(self, client_as, world):
        self.tree(world, "committee", "C10", 10)
        body = client_as("town_b_admin").get("/api/v1/organizations/warnings/").json()
        assert body["committee_undersize"]["organizations"] == []
        body = client_as("town_a_admin").get("/api/v1/organizations/warnings/").json()
        codes = [o["code"] for o in body["committee_undersize"]["organizations"]]
        assert codes == ["C10"] and "第四条" in body["committee_undersize"]["source"]

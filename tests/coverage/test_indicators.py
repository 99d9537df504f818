"""The six indicators of DOMAIN.md §3, pinned at every boundary."""

import datetime
import json

import pytest
from django.core.management import call_command

from liangxin.coverage.definitions import rate
from liangxin.coverage.selectors import coverage_counts, coverage_report
from tests import factories as f

TODAY = datetime.date(2026, 11, 21)
JOINT = {"kind": "joint_branch", "formation": "joint"}


def members(org, employer, *, full=0, probationary=0, departed=0):
    for _ in range(full):
        f.MemberFactory(organization=org, employer=employer)
    for _ in range(probationary):
        f.MemberFactory(
            organization=org, employer=employer, status="probationary", full_member_on=None
        )
    for _ in range(departed):
        f.MemberFactory(organization=org, employer=employer, flow_type="departed")


@pytest.fixture
def ledger(db):
    """Two towns and an empty park; each enterprise pins one boundary."""
    county = f.region("350599", "示范区", "county")
    town1 = f.region("T1", "一镇", "town", county)
    grid1 = f.region("T1-G1", "一镇网格", "grid", town1)
    town2 = f.region("T2", "二镇", "town", county)
    grid2 = f.region("T2-G1", "二镇网格", "grid", town2)
    empty = f.region("T3", "空园区", "park", county)
    E = f.EnterpriseFactory  # noqa: N806

    e = {
        "own100": E(region=grid1, employee_count=100, above_scale=True),
        "own99": E(region=grid1, employee_count=99),
        "joint50": E(region=grid1, employee_count=50),
        "member49": E(region=grid1, employee_count=49),
        "uncovered50": E(region=grid1, employee_count=50, above_scale=True),
        "three_full": E(region=grid1, employee_count=20),
        "two_full_one_prob": E(region=grid1, employee_count=20),
        "three_with_departed": E(region=grid1, employee_count=20),
        "dissolved_org": E(region=grid1),
        "group_only": E(region=grid1),
        "committee_only": E(region=grid1),
        "deregistered": E(region=grid1, status="deregistered"),
        "preparing": E(region=grid1, status="preparing"),
        "instructor_only": E(region=grid1),
        "covered_twice": E(region=grid1),
        "in_town2": E(region=grid2, employee_count=100),
        "social": E(region=grid1, category="social"),
        "law_firm": E(region=grid1, category="law_firm"),
        "individual": E(region=grid1, category="individual"),
    }
    parent = f.organization("P", "上级党委", region=town1, kind="committee")

    def org(code, covers, **extra):
        return f.organization(code, code, region=grid1, parent=parent, covers=covers, **extra)

    own100 = org("O1", [e["own100"], e["covered_twice"]])
    org("O2", [e["own99"]])
    joint = org("J1", [e["joint50"], e["three_full"], e["covered_twice"]], **JOINT)
    # A joint branch registered in town 1 that covers an enterprise of town 2.
    org("J2", [e["in_town2"], e["deregistered"], e["preparing"]], **JOINT)
    org("D1", [e["dissolved_org"]], dissolved_on=datetime.date(2025, 1, 1))
    org("G1", [e["group_only"]], kind="group")
    f.organization(
        "W1", "党工委", region=town1, kind="working_committee", covers=[e["committee_only"]]
    )
    org("S1", [e["social"]])
    f.InstructorFactory(region=town1, enterprises=[e["instructor_only"]])
    f.InstructorFactory(region=town1, enterprises=[e["uncovered50"]], active=False)

    members(joint, e["joint50"], full=1)
    members(joint, e["member49"], full=1)
    members(joint, e["uncovered50"], probationary=1)
    members(joint, e["three_full"], full=3)
    members(joint, e["two_full_one_prob"], full=2, probationary=1)
    members(joint, e["three_with_departed"], full=2, departed=1)
    members(own100, e["own100"], full=3, departed=5)
    return {"county": county, "town1": town1, "town2": town2, "empty": empty, **e}


def figures(ledger, region, category="enterprise"):
    return coverage_counts(region=ledger[region], category=category, on=TODAY)


class TestCountyFigures:
    """14 operating enterprises in the county; see the fixture for each one's role."""

    def test_org_coverage_counts_each_covered_enterprise_once(self, ledger):
        # covered: own100, own99, joint50, three_full, covered_twice (two orgs), in_town2.
        # Not: dissolved organization, party group, working committee, instructor only.
        assert figures(ledger, "county")["org_coverage"] == (6, 14)

    def test_deregistered_and_preparing_are_not_in_the_denominator(self, ledger):
        assert figures(ledger, "county")["org_coverage"][1] == 14

    def test_above_scale(self, ledger):
        assert figures(ledger, "county")["above_scale_org_coverage"] == (1, 2)

    def test_work_coverage_adds_active_instructors_only(self, ledger):
        assert figures(ledger, "county")["work_coverage"] == (7, 14)

    def test_single_formation_counts_100_not_99_and_not_joint(self, ledger):
        # own100 has its own branch; in_town2 (100) only a joint one; own99 is below the line.
        assert figures(ledger, "county")["single_formation_100"] == (1, 2)

    def test_member_enterprises_from_50_employees(self, ledger):
        # own100, joint50 and uncovered50 (a probationary member counts); member49 is below.
        assert figures(ledger, "county")["member_enterprise_coverage_50"] == (2, 3)

    def test_should_build_needs_three_employed_full_members(self, ledger):
        # 党章 art. 30: three full members. three_full (joint only) and own100 (3 full + 5
        # departed) qualify; 2 full + 1 probationary and 2 full + 1 departed do not.
        assert figures(ledger, "county")["should_build"] == (1, 2)


class TestRegions:
    def test_joint_branch_across_towns_counts_the_enterprise_in_its_own_town(self, ledger):
        town2 = figures(ledger, "town2")
        assert town2["org_coverage"] == (1, 1)
        assert town2["single_formation_100"] == (0, 1)
        assert figures(ledger, "town1")["org_coverage"] == (5, 13)

    def test_empty_region_has_no_rate(self, ledger):
        report = coverage_report(region=ledger["empty"], on=TODAY)
        for item in report["indicators"].values():
            assert item == {"numerator": 0, "denominator": 0, "rate": None}

    def test_parent_equals_sum_of_children(self, ledger):
        children = [figures(ledger, name) for name in ("town1", "town2", "empty")]
        for key, (num, den) in figures(ledger, "county").items():
            assert num == sum(child[key][0] for child in children)
            assert den == sum(child[key][1] for child in children)


class TestCategories:
    def test_social_organizations_and_law_firms_together(self, ledger):
        assert figures(ledger, "county", "social")["org_coverage"] == (1, 2)

    def test_individual_businesses_only_when_asked(self, ledger):
        assert figures(ledger, "county", "individual")["org_coverage"] == (0, 1)


class TestRate:
    @pytest.mark.parametrize(
        "num, den, expected",
        [(6, 14, 42.9), (1, 8, 12.5), (1, 16, 6.3), (2, 3, 66.7), (0, 5, 0.0), (5, 5, 100.0)],
    )
    def test_half_up_to_one_decimal(self, num, den, expected):
        assert rate(num, den) == expected

    def test_empty_denominator_is_none(self):
        assert rate(0, 0) is None


class TestCommand:
    def test_json_has_the_specified_keys_in_order(self, ledger, capsys):
        call_command("coverage", "--region", "350599", "--json")
        report = json.loads(capsys.readouterr().out)
        assert list(report) == ["region", "name", "as_of", "indicators"]
        assert list(report["indicators"]) == [
            "org_coverage",
            "above_scale_org_coverage",
            "work_coverage",
            "single_formation_100",
            "member_enterprise_coverage_50",
            "should_build",
        ]
        assert report["indicators"]["org_coverage"] == {
            "numerator": 6,
            "denominator": 14,
            "rate": 42.9,
        }

    def test_empty_region_prints_null_rates(self, ledger, capsys):
        call_command("coverage", "--region", "T3", "--json")
        report = json.loads(capsys.readouterr().out)
        assert report["indicators"]["should_build"]["rate"] is None

    def test_without_region_a_list_of_roots(self, ledger, capsys):
        call_command("coverage", "--json")
        reports = json.loads(capsys.readouterr().out)
        assert [r["region"] for r in reports] == ["350599"]

    def test_unknown_region_is_a_chinese_error(self, ledger):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="区域代码不存在"):
            call_command("coverage", "--region", "NOPE", "--json")


class TestMemberIndicators:
    def test_shares_over_the_subtree(self, ledger):
        from liangxin.coverage.selectors import member_indicators
        from liangxin.members.models import Member
        from liangxin.organizations.models import PartyOrganization

        employed = Member.objects.exclude(flow_type="departed")
        veteran = employed.filter(status="full").order_by("id").first()
        newcomer = employed.filter(status="probationary").order_by("id").first()
        Member.objects.filter(id=veteran.id).update(post_level="management")
        Member.objects.filter(id=newcomer.id).update(post_level="executive", joined_on=TODAY)
        PartyOrganization.objects.filter(code="O1").update(secretary_is_investor=True, star_level=5)
        result = member_indicators(region=ledger["county"], on=TODAY)
        total = employed.count()  # every employer in the fixture is an operating enterprise
        assert result["management_backbone_share"]["numerator"] == 2
        assert result["management_backbone_share"]["denominator"] == total
        assert result["new_member_backbone_share"] == {
            "numerator": 1,
            "denominator": 1,
            "rate": 100.0,
        }
        # Covering, not dissolved: P, O1, O2, J1, J2, S1 (not D1, G1, W1).
        assert result["investor_secretary_share"]["denominator"] == 6
        assert result["investor_secretary_share"]["numerator"] == 1
        assert result["stars"]["5"] == 1 and result["starred_share"]["numerator"] == 1

"""The six indicators of DOMAIN.md §3, pinned at every boundary."""

import json

import pytest
from django.core.management import call_command

from liangxin.core.numbers import rate
from liangxin.coverage.selectors import coverage_counts, coverage_report
from tests import factories as f
from tests.coverage.conftest import TODAY


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
        # The enterprises' own organizations: O1 and O2 (see TestInvestorSecretaryShare).
        assert result["investor_secretary_share"]["denominator"] == 2
        assert result["investor_secretary_share"]["numerator"] == 1
        assert result["stars"]["5"] == 1 and result["starred_share"]["numerator"] == 1


class TestByChild:
    def test_children_figures_match_their_own_subtrees(self, ledger):
        from liangxin.coverage.selectors import coverage_counts_by_child

        rows = coverage_counts_by_child(parent=ledger["county"], on=TODAY)
        assert [child.code for child, _ in rows] == ["T1", "T2", "T3"]
        for child, counts in rows:
            assert counts == coverage_counts(region=child, on=TODAY)


class TestInvestorSecretaryShare:
    """DOMAIN.md §3 member indicators: "share of enterprise organizations whose secretary is
    the investor" (川姜 80.5%) counts the enterprises' own organizations only."""

    def share(self, ledger, region="county"):
        from liangxin.coverage.selectors import member_indicators

        return member_indicators(region=ledger[region], on=TODAY)["investor_secretary_share"]

    def test_denominator_is_the_enterprises_own_organizations(self, ledger):
        from liangxin.organizations.models import PartyOrganization

        # By hand: covering (not D1, G1, W1), 单独组建 (not J1, J2), covering an operating
        # 企业 (not P, which covers nothing, nor S1, a social organization's): O1 and O2.
        # A sub-branch of O1 covers nothing itself and stays out too.
        sub = f.organization("O1-1", "车间党支部", region=ledger["town1"], parent=org("O1"))
        PartyOrganization.objects.filter(code__in=["O1", "P", "J1", "S1", sub.code]).update(
            secretary_is_investor=True
        )
        assert self.share(ledger) == {"numerator": 1, "denominator": 2, "rate": 50.0}

    def test_joint_and_town_organizations_do_not_dilute_the_share(self, ledger):
        from liangxin.organizations.models import PartyOrganization

        PartyOrganization.objects.filter(code__in=["O1", "O2"]).update(secretary_is_investor=True)
        # The old denominator (every covering organization: P, O1, O2, J1, J2, S1) gave 33.3%.
        assert self.share(ledger) == {"numerator": 2, "denominator": 2, "rate": 100.0}

    def test_counted_where_the_enterprise_is(self, ledger):
        from liangxin.organizations.models import PartyOrganization

        PartyOrganization.objects.filter(code="O1").update(secretary_is_investor=True)
        assert self.share(ledger, "town1") == {"numerator": 1, "denominator": 2, "rate": 50.0}
        assert self.share(ledger, "town2")["denominator"] == 0
        assert self.share(ledger, "empty") == {"numerator": 0, "denominator": 0, "rate": None}

    def test_a_dissolved_own_organization_leaves_the_denominator(self, ledger):
        import datetime

        from liangxin.organizations.models import PartyOrganization

        PartyOrganization.objects.filter(code="O2").update(dissolved_on=datetime.date(2025, 1, 1))
        assert self.share(ledger)["denominator"] == 1


def org(code):
    from liangxin.organizations.models import PartyOrganization

    return PartyOrganization.objects.get(code=code)

"""Organization warnings (RULES.md "Organizations"), at their boundaries."""

import datetime

import pytest
from django.urls import reverse

from liangxin.organizations import warnings
from liangxin.organizations.models import PartyOrganization
from tests import factories as f

ON = datetime.date(2026, 11, 21)


@pytest.mark.django_db
class TestOrganizationWarnings:
    def branch(self, world, code, **extra):
        return f.organization(code, code, region=world.grid_a, **extra)

    def test_branch_over_50_members(self, world):
        """支部工作条例 ch. 2: a branch generally has no more than 50 members."""
        big, full_size = self.branch(world, "B51"), self.branch(world, "B50")
        for _ in range(51):
            f.MemberFactory(organization=big)
        for _ in range(50):
            f.MemberFactory(organization=full_size)
        found = set(warnings.oversize(PartyOrganization.objects.all()))
        assert big in found and full_size not in found

    def test_seven_full_members_without_committee(self, world):
        """支部工作条例 ch. 6: 7 or more full members set up a branch committee."""
        seven, six, with_committee = (self.branch(world, c) for c in ("S7", "S6", "SC"))
        with_committee.has_committee = True
        with_committee.save()
        for org, count in ((seven, 7), (six, 6), (with_committee, 8)):
            for _ in range(count):
                f.MemberFactory(organization=org)
        f.MemberFactory(organization=six, status="probationary", full_member_on=None)
        assert set(warnings.no_committee(PartyOrganization.objects.all())) == {seven}

    def test_terms_three_years_for_branches_five_for_committees(self, world):
        """任期意见 2018: committee 5 years, branch 3 years; remind 6 months ahead."""
        due = self.branch(
            world, "T1", term_started_on=datetime.date(2023, 5, 21)
        )  # ends 2026-05-21
        soon = self.branch(
            world, "T2", term_started_on=datetime.date(2024, 5, 21)
        )  # ends 2027-05-21
        later = self.branch(
            world, "T3", term_started_on=datetime.date(2024, 5, 22)
        )  # 1 day past horizon
        committee = self.branch(
            world, "T4", kind="committee", term_started_on=datetime.date(2022, 5, 21)
        )
        rows = {
            org: (end, past)
            for org, end, past in warnings.term_due(PartyOrganization.objects.all(), on=ON)
        }
        assert rows[due] == (datetime.date(2026, 5, 21), True)
        assert rows[soon] == (datetime.date(2027, 5, 21), False)
        assert rows[committee] == (datetime.date(2027, 5, 21), False)
        assert later not in rows

    def test_joint_branch_over_five_units(self, world):
        """支部工作条例: a joint branch generally covers no more than 5 units."""
        six = [f.EnterpriseFactory(region=world.grid_a) for _ in range(6)]
        over = self.branch(world, "J6", kind="joint_branch", formation="joint", covers=six)
        five = self.branch(world, "J5", kind="joint_branch", formation="joint", covers=six[:5])
        found = set(warnings.joint_oversize(PartyOrganization.objects.all()))
        assert over in found and five not in found

    def test_page_is_scoped(self, client, world):
        # A Chinese name: a Latin code could turn up inside the page's random CSRF token.
        big = f.organization("BIG", "超大党支部", region=world.grid_a)
        for _ in range(51):
            f.MemberFactory(organization=big)
        client.force_login(world.user("town_b_admin"))
        assert "超大党支部" not in client.get(reverse("organizations:warnings")).content.decode()
        client.force_login(world.user("town_a_admin"))
        page = client.get(reverse("organizations:warnings")).content.decode()
        assert "超大党支部" in page and "党员 51 名" in page


def test_the_warning_titles_state_the_numbers_of_the_rules_they_check():
    """支部工作条例 第六章 (7 full members → a committee) and the joint branch's 5 units: the
    titles read org.branch_committee_min_full and org.joint_branch_max_units, not a copy."""
    assert warnings.WARNINGS["no_committee"].title == "正式党员7名以上未设支部委员会"
    assert warnings.WARNINGS["joint_oversize"].title == "联合党支部覆盖单位超过5个"


def test_a_warning_title_follows_its_rule(monkeypatch):
    monkeypatch.setattr(warnings, "rule_value", {"org.branch_committee_min_full": 9}.get)
    assert warnings.WARNINGS["no_committee"].title == "正式党员9名以上未设支部委员会"

"""Party age, political birthdays, milestones (RULES.md "Party age") and organization
warnings (RULES.md "Organizations"), at their boundaries."""

import datetime

import pytest
from django.urls import reverse

from liangxin.members.models import Member
from liangxin.members.party_age import milestone_members, party_age, political_birthdays
from liangxin.organizations import warnings
from liangxin.organizations.models import PartyOrganization
from liangxin.rules.values import rule_set
from tests import factories as f

ON = datetime.date(2026, 11, 21)


class TestPartyAge:
    """Party age counts from full membership (转正), not from joining; probation is excluded."""

    def test_the_day_before_the_anniversary(self):
        assert party_age(datetime.date(1996, 11, 22), ON) == 29

    def test_on_the_anniversary(self):
        assert party_age(datetime.date(1996, 11, 21), ON) == 30

    def test_probationary_member_has_no_party_age(self):
        assert party_age(None, ON) is None


@pytest.mark.django_db
class TestLists:
    def member(self, world, joined, full, **extra):
        return f.MemberFactory(
            organization=world.org_a, joined_on=joined, full_member_on=full, **extra
        )

    def test_political_birthdays_of_the_month(self, world):
        november = self.member(world, datetime.date(2001, 11, 3), datetime.date(2002, 11, 3))
        self.member(world, datetime.date(2001, 10, 3), datetime.date(2002, 10, 3))
        departed = self.member(
            world, datetime.date(2001, 11, 9), None, status="probationary", flow_type="departed"
        )
        found = set(political_birthdays(Member.objects.all(), year=2026, month=11))
        assert november in found and departed not in found

    def test_milestones_30_40_50_by_default(self, world):
        m30 = self.member(world, datetime.date(1995, 6, 1), datetime.date(1996, 6, 1))
        m40 = self.member(world, datetime.date(1985, 6, 1), datetime.date(1986, 6, 1))
        self.member(world, datetime.date(1996, 6, 1), datetime.date(1997, 6, 1))  # 29
        rows = dict(milestone_members(Member.objects.all(), year=2026))
        assert rows == {m40: 40, m30: 30}

    def test_configurable_milestones(self, world):
        m25 = self.member(world, datetime.date(2000, 6, 1), datetime.date(2001, 6, 1))
        rule_set(actor=world.user("district_admin"), key="age.milestones", value=[25])
        assert dict(milestone_members(Member.objects.all(), year=2026)) == {m25: 25}

    def test_pages_are_scoped(self, client, world):
        self.member(world, datetime.date(2001, 11, 3), datetime.date(2002, 11, 3), name="十一月")
        client.force_login(world.user("town_b_admin"))
        page = client.get(reverse("members:birthdays"), {"month": "2026-11"}).content.decode()
        assert "十一月" not in page
        client.force_login(world.user("secretary"))
        page = client.get(reverse("members:birthdays"), {"month": "2026-11"}).content.decode()
        assert "十一月" in page and "25 年" in page
        assert client.get(reverse("members:milestones"), {"year": "abc"}).status_code == 200


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

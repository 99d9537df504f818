"""Party age, political birthdays and milestones (RULES.md "Party age"), at their boundaries."""

import datetime

import pytest
from django.urls import reverse

from liangxin.members.models import Member
from liangxin.members.party_age import milestone_members, party_age, political_birthdays
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

"""Reminders at their boundaries, and the four priorities (四个倾斜) aggregate."""

import datetime

import pytest

from liangxin.core.scoping import user_scope
from liangxin.development import selectors
from liangxin.members.models import Member
from tests import factories as f
from tests.development.conftest import make_case

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 15)


def listed(world, key: str, persona: str = "district_admin") -> set[str]:
    found = {r.key: r for r in selectors.reminders(user=world.user(persona), today=TODAY)}
    return set(found[key].queryset.values_list("name", flat=True))


# 细则 第七条: application + 30 days is the last day on time (registry: 30 days).
def test_talk_overdue_from_day_31(world):
    make_case(world.org_a, name="第30天", applied_on=TODAY - datetime.timedelta(days=30))
    make_case(world.org_a, name="第31天", applied_on=TODAY - datetime.timedelta(days=31))
    make_case(world.org_a, name="已谈话", applied_on=D(2026, 1, 1), talked_on=D(2026, 1, 5))
    assert listed(world, "talk_overdue") == {"第31天"}


# 细则 第十三条: one year as an activist; listed from 30 days before the year is full.
def test_activist_reaching_a_year_within_30_days(world):
    make_case(world.org_a, name="将满", activist_on=D(2025, 7, 15))  # full on 2026-07-15
    make_case(world.org_a, name="未到", activist_on=D(2025, 7, 16))
    make_case(world.org_a, name="已满", activist_on=D(2024, 1, 1))
    make_case(world.org_a, name="已确定", activist_on=D(2024, 1, 1), target_on=D(2025, 1, 2))
    assert listed(world, "activist_year") == {"将满", "已满"}


# 细则 第二十六条: approval within 3 months of the branch meeting.
def test_approval_overdue_after_three_months(world):
    make_case(world.org_a, name="刚满三个月", branch_meeting_on=D(2026, 3, 15))
    make_case(world.org_a, name="超过", branch_meeting_on=D(2026, 3, 14))
    approved = {"branch_meeting_on": D(2025, 1, 1), "approved_on": D(2025, 2, 1)}
    make_case(world.org_a, name="已审批", **approved)
    assert listed(world, "approval_overdue") == {"超过"}


# 党章 第七条: probation ends; listed 30 days ahead and after, until full membership.
def test_probation_ending_within_30_days_or_past(world):
    member = f.MemberFactory(organization=world.org_a, status="probationary", full_member_on=None)
    other = f.MemberFactory(organization=world.org_a, status="probationary", full_member_on=None)
    make_case(world.org_a, name="将满", member=member, probation_ends_on=D(2026, 7, 15))
    make_case(world.org_a, name="未到", member=other, probation_ends_on=D(2026, 7, 16))
    assert listed(world, "probation_ending") == {"将满"}


def test_reminders_are_scoped(world):
    make_case(world.org_b, name="开发区", applied_on=D(2025, 1, 1))
    assert listed(world, "talk_overdue", "town_a_admin") == set()
    assert listed(world, "talk_overdue", "town_b_admin") == {"开发区"}
    assert listed(world, "talk_overdue", "instructor") == set()


# --- 四个倾斜 ------------------------------------------------------------------------------


def add_new_members(world, year: int):
    for level, org in [
        ("front_line", world.org_a),
        ("technical", world.org_a),
        ("management", world.org_a),
        ("executive", world.org_b),
    ]:
        f.MemberFactory(
            organization=org,
            post_level=level,
            status="probationary",
            joined_on=D(year, 3, 1),
            full_member_on=None,
        )


def test_four_priorities_shares_over_the_scope(world, django_assert_num_queries):
    add_new_members(world, 2026)
    user = world.user("district_admin")
    user_scope(user)  # computed once per request, then cached on the user
    with django_assert_num_queries(1):
        figures = selectors.four_priorities(user=user, year=2026)
    assert figures["total"] == 4
    shares = {key: item["rate"] for key, item in figures["indicators"].items()}
    assert shares == {
        "front_line": 25.0,
        "technical": 25.0,
        "management": 25.0,
        "management_or_above": 50.0,
    }


def test_four_priorities_of_a_subtree_and_an_empty_year(world):
    add_new_members(world, 2026)
    user = world.user("district_admin")
    town_a = selectors.four_priorities(user=user, year=2026, region=world.town_a)
    assert town_a["total"] == 3
    assert town_a["indicators"]["management_or_above"]["rate"] == 33.3
    empty = selectors.four_priorities(user=user, year=2020)
    assert empty["total"] == 0 and empty["indicators"]["front_line"]["rate"] is None
    assert Member.objects.filter(joined_on__year=2026).count() == 4

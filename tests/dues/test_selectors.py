"""Reads: the collection summary, the six-months-unpaid alert (党章 art. 9), totals by subtree."""

from decimal import Decimal

import pytest

from liangxin.dues import selectors
from liangxin.dues.models import DuesMonth, DuesStatus
from liangxin.members.models import Member
from liangxin.rules.models import RuleSetting
from tests import factories as f
from tests.dues.conftest import month_for, months_for

pytestmark = pytest.mark.django_db
D = Decimal


def alerted(world, year=2025, month=6, persona="district_admin"):
    members = selectors.alert_members(user=world.user(persona), year=year, month=month)
    return set(members.values_list("name", flat=True))


# --- six consecutive months unpaid (党章 第九条; dues.unpaid_alert_months) --------------------


def test_six_consecutive_unpaid_months_raise_the_alert(world):
    months_for(world.member_a, 2025, range(1, 7))
    assert alerted(world) == {"林晓红"}


def test_five_unpaid_months_raise_nothing(world):
    months_for(world.member_a, 2025, range(2, 7))
    month_for(world.member_a, 2025, 1, DuesStatus.PAID)
    assert alerted(world) == set()


def test_a_paid_month_in_between_resets_the_count(world):
    months_for(world.member_a, 2025, [1, 2, 3, 5, 6, 7])
    month_for(world.member_a, 2025, 4, DuesStatus.PAID)
    assert alerted(world, month=7) == set()
    months_for(world.member_a, 2025, [8, 9, 10])
    assert alerted(world, month=10) == {"林晓红"}


@pytest.mark.parametrize("status", [DuesStatus.WAIVED, DuesStatus.REDUCED])
def test_waived_or_reduced_months_are_not_unpaid(world, status):
    months_for(world.member_a, 2025, [1, 2, 4, 5, 6])
    month_for(world.member_a, 2025, 3, status)
    assert alerted(world) == set()


def test_a_month_never_opened_breaks_the_run(world):
    months_for(world.member_a, 2025, [1, 2, 3, 5, 6, 7])
    assert alerted(world, month=7) == set()


def test_the_alert_spans_the_year_end(world):
    months_for(world.member_a, 2024, [10, 11, 12])
    months_for(world.member_a, 2025, [1, 2, 3])
    assert alerted(world, month=3) == {"林晓红"}


def test_the_alert_never_changes_the_member(world):
    """党章 art. 9 is for the branch to apply: the platform only raises it."""
    months_for(world.member_a, 2025, range(1, 13))
    before = Member.objects.values().get(pk=world.member_a.pk)
    alerted(world, month=12)
    assert Member.objects.values().get(pk=world.member_a.pk) == before
    assert DuesMonth.objects.filter(status=DuesStatus.UNPAID).count() == 12


def test_streak_details_give_the_start_and_length(world):
    month_for(world.member_a, 2024, 12, DuesStatus.PAID)
    months_for(world.member_a, 2025, range(1, 9))
    details = selectors.streak_details(
        user=world.user("secretary"), year=2025, month=8, member_ids=[world.member_a.pk]
    )
    assert details[world.member_a.pk]["since"] == (2025, 1)
    assert details[world.member_a.pk]["months"] == 8
    assert details[world.member_a.pk]["unpaid_due"] == D("90.00")  # the last six at 15.00


def test_alert_is_scoped(world):
    months_for(world.member_a, 2025, range(1, 7))
    months_for(world.member_b, 2025, range(1, 7))
    assert alerted(world, persona="district_admin") == {"林晓红", "陈建国"}
    assert alerted(world, persona="town_a_admin") == {"林晓红"}
    assert alerted(world, persona="town_b_admin") == {"陈建国"}
    assert alerted(world, persona="secretary") == {"林晓红"}
    assert alerted(world, persona="instructor") == set()
    assert alerted(world, persona="outsider") == set()


def test_alert_length_is_fixed_by_the_charter(world):
    """dues.unpaid_alert_months (党章 第九条) is not configurable: a stored setting is ignored."""
    months_for(world.member_a, 2025, range(4, 7))
    RuleSetting.objects.create(key="dues.unpaid_alert_months", value=3)
    assert selectors.rule_value("dues.unpaid_alert_months") == 6
    assert alerted(world) == set()


# --- summaries and totals ---------------------------------------------------------------------


def test_collection_summary_counts_and_sums_per_status(world):
    month_for(world.member_a, 2025, 1, DuesStatus.PAID, due="15.00")
    month_for(world.member_a, 2025, 2, DuesStatus.UNPAID, due="15.00")
    month_for(world.member_a, 2025, 3, DuesStatus.WAIVED, due="15.00")
    month_for(world.member_b, 2025, 1, DuesStatus.REDUCED, due="75.01")
    summary = selectors.collection_summary(DuesMonth.objects.all())
    assert summary["months"] == 4
    assert summary["due"] == D("120.01")
    assert summary["paid"] == D("15.00")
    assert (summary["paid_count"], summary["unpaid_count"]) == (1, 1)
    assert (summary["reduced_count"], summary["waived_count"]) == (1, 1)
    assert summary["reduced_due"] == D("75.01")


def test_totals_group_by_organization_subtree(world):
    child = f.organization("ORG-A-1", "纺织二支部", region=world.grid_a, parent=world.org_a)
    member_c = f.MemberFactory(organization=child)
    month_for(world.member_a, 2025, 1, DuesStatus.PAID, due="15.00")
    month_for(member_c, 2025, 1, DuesStatus.UNPAID, due="0.20")
    month_for(world.member_b, 2025, 1, DuesStatus.PAID, due="75.00")
    groups = selectors.totals_by_organization(user=world.user("district_admin"), year=2025)
    figures = {org.code: (s["months"], s["due"], s["paid"]) for org, s in groups}
    assert figures == {
        "ORG-A": (2, D("15.20"), D("15.00")),  # the whole subtree, child included
        "ORG-B": (1, D("75.00"), D("75.00")),
    }
    inside = selectors.totals_by_organization(
        user=world.user("town_a_admin"), year=2025, parent=world.org_a
    )
    assert [(org.code, s["months"]) for org, s in inside] == [("ORG-A-1", 1)]


def test_totals_are_scoped(world):
    month_for(world.member_a, 2025, 1, DuesStatus.PAID)
    month_for(world.member_b, 2025, 1, DuesStatus.PAID)
    groups = selectors.totals_by_organization(user=world.user("town_b_admin"), year=2025)
    assert [org.code for org, _ in groups] == ["ORG-B"]
    total = selectors.subtree_total(user=world.user("outsider"), year=2025)
    assert total["months"] == 0 and total["due"] == D("0")


def test_totals_by_month_for_the_year(world):
    month_for(world.member_a, 2025, 1, DuesStatus.PAID)
    month_for(world.member_a, 2025, 2, DuesStatus.UNPAID)
    month_for(world.member_b, 2025, 2, DuesStatus.PAID, due="75.00")
    rows = selectors.totals_by_month(user=world.user("leader"), year=2025)
    assert [(r["month"], r["due"], r["paid"]) for r in rows] == [
        (1, D("15.00"), D("15.00")),
        (2, D("90.00"), D("75.00")),
    ]

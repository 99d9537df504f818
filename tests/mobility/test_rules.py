"""The mobile-member rules at their boundaries (RULES.md "Mobile members").

Sources, as in liangxin/mobility/rules.py:
- contact at least quarterly: 丹东做法 (《丹东市园区党员教育管理制度》, "指定专人每季度进行联系"),
  configurable ``mobile.contact_months`` = 3;
- members abroad at least every 6 months: 中办《关于加强和改进流动党员管理的意见》2024,
  ``mobile.abroad_contact_months`` = 6;
- transfer letter validity 3 months (configurable ``mobile.letter_valid_months``);
- three or more away together → temporary branch or group (``mobile.temporary_branch_min``);
- at a fairly fixed place ≥ 6 months → transfer the relation (``mobile.min_months_away``).
"""

import datetime

import pytest
from django.utils import timezone

from liangxin.mobility import selectors
from liangxin.mobility.deadlines import add_months, contact_cutoff, letter_valid_until
from liangxin.rules.models import RuleSetting
from tests.mobility.conftest import DAY, contact, floating, letter

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)


def overdue_names(world, today=TODAY):
    user = world.user("district_admin")
    return set(selectors.overdue_contacts(user=user, today=today).values_list("name", flat=True))


# --- quarterly contact (丹东做法: 每季度联系) ------------------------------------------------


def test_contact_exactly_three_months_ago_is_in_time(world):
    member = floating(world.org_a, name="按时")
    contact(member, datetime.date(2025, 3, 15))
    assert "按时" not in overdue_names(world)


def test_contact_three_months_and_one_day_ago_is_overdue(world):
    member = floating(world.org_a, name="逾期")
    contact(member, datetime.date(2025, 3, 14))
    assert "逾期" in overdue_names(world)


def test_only_the_latest_contact_counts(world):
    member = floating(world.org_a, name="多次")
    contact(member, datetime.date(2024, 1, 1))
    contact(member, datetime.date(2025, 5, 1))
    assert "多次" not in overdue_names(world)


def test_contact_months_is_configurable(world):
    RuleSetting.objects.create(key="mobile.contact_months", value=2)
    member = floating(world.org_a, name="两月")
    contact(member, datetime.date(2025, 4, 14))
    assert "两月" in overdue_names(world)
    contact(member, datetime.date(2025, 4, 15))
    assert "两月" not in overdue_names(world)


def test_members_abroad_are_contacted_every_six_months(world):
    """中办 2024 opinion: members abroad at least every 6 months."""
    abroad_in_time = floating(world.org_a, name="国外按时", abroad=True)
    contact(abroad_in_time, datetime.date(2024, 12, 15))
    abroad_late = floating(world.org_a, name="国外逾期", abroad=True)
    contact(abroad_late, datetime.date(2024, 12, 14))
    at_home = floating(world.org_a, name="国内同日")
    contact(at_home, datetime.date(2024, 12, 15))
    assert overdue_names(world) & {"国外按时", "国外逾期", "国内同日"} == {"国外逾期", "国内同日"}


def test_never_contacted_counts_from_departure_or_is_overdue(world):
    floating(world.org_a, name="无记录")
    floating(world.org_a, name="刚外出", place="苏州", since=datetime.date(2025, 4, 1))
    floating(world.org_a, name="久外出", place="苏州", since=datetime.date(2025, 3, 14))
    names = overdue_names(world)
    assert {"无记录", "久外出"} <= names and "刚外出" not in names


def test_only_floating_members_are_on_the_overdue_list(world):
    assert world.member_a.flow_type == "regular"
    assert world.member_a.name not in overdue_names(world)


def test_cutoff_clamps_to_month_end():
    assert contact_cutoff(datetime.date(2025, 5, 31), abroad=False) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


# --- letter validity: 3 months, expired the day after ----------------------------------------


def test_letter_is_valid_three_months():
    assert letter_valid_until(datetime.date(2025, 1, 10)) == datetime.date(2025, 4, 10)
    assert letter_valid_until(datetime.date(2024, 11, 30)) == datetime.date(2025, 2, 28)


def test_letter_validity_is_configurable(db):
    RuleSetting.objects.create(key="mobile.letter_valid_months", value=2)
    assert letter_valid_until(datetime.date(2025, 1, 10)) == datetime.date(2025, 3, 10)


def test_letter_expires_the_day_after_valid_until(world):
    transfer = letter(world.member_a, issued_on=datetime.date(2025, 1, 10), to=world.org_b)
    user = world.user("district_admin")

    def state_on(day):
        return selectors.transfer_list(user=user, today=day).get(pk=transfer.pk).current_state

    assert state_on(datetime.date(2025, 4, 10)) == "issued"
    assert state_on(datetime.date(2025, 4, 10) + DAY) == "expired"


def test_expiring_soon_is_within_seven_days(world):
    transfer = letter(world.member_a, issued_on=datetime.date(2025, 1, 10), to=world.org_b)
    user = world.user("district_admin")
    expiring = selectors.transfers_expiring
    assert not expiring(user=user, today=datetime.date(2025, 4, 2)).exists()
    assert expiring(user=user, today=datetime.date(2025, 4, 3)).get() == transfer
    assert not expiring(user=user, today=datetime.date(2025, 4, 11)).exists()


# --- three or more away together → temporary branch ------------------------------------------


def test_three_floating_members_at_one_place_suggest_a_temporary_branch(world):
    for _ in range(3):
        floating(world.org_a, place="江苏省苏州市工业园区")
    for _ in range(2):
        floating(world.org_a, place="浙江省宁波市")
    suggestions = selectors.temporary_branch_suggestions(user=world.user("district_admin"))
    assert list(suggestions) == [{"away_place": "江苏省苏州市工业园区", "members": 3}]


def test_two_floating_members_suggest_nothing(world):
    for _ in range(2):
        floating(world.org_a, place="浙江省宁波市")
    regular = floating(world.org_a, place="浙江省宁波市")
    regular.flow_type = "regular"
    regular.save()
    assert not selectors.temporary_branch_suggestions(user=world.user("district_admin")).exists()


# --- fixed place ≥ 6 months → the relation should be transferred ------------------------------


def test_six_months_at_a_fixed_place_should_transfer(world):
    floating(world.org_a, name="满六月", place="苏州", since=datetime.date(2024, 12, 15))
    floating(world.org_a, name="差一天", place="苏州", since=datetime.date(2024, 12, 16))
    user = world.user("district_admin")
    names = set(selectors.should_transfer(user=user, today=TODAY).values_list("name", flat=True))
    assert names == {"满六月"}


def test_a_letter_under_way_takes_the_member_off_the_should_transfer_list(world):
    member = floating(world.org_a, place="苏州", since=datetime.date(2024, 1, 1))
    letter(member, issued_on=timezone.localdate(), to_name="苏州工业园区某党支部")
    user = world.user("district_admin")
    assert not selectors.should_transfer(user=user, today=TODAY).exists()

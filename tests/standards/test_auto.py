"""Auto items are computed from the records the platform already holds."""

import datetime

import pytest

from liangxin.core.checklist_sources import checklist_sources
from liangxin.dues.models import DuesMonth
from liangxin.members.models import FlowType
from liangxin.mobility.models import MobileProfile
from liangxin.organizations.models import PartyOrganization
from liangxin.standards import auto
from tests import factories as f

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def empty_branch(world):
    return f.organization("ORG-E", "川姜空壳公司党支部", region=world.grid_a)


def met(key, organizations=None, as_of=TODAY):
    if organizations is None:
        organizations = PartyOrganization.objects.all()
    return checklist_sources()[key].met(organizations, as_of)


def test_a_branch_with_members_meets_the_member_roster_one_without_does_not(world, empty_branch):
    found = met("members.roster")
    assert world.org_a.pk in found
    assert empty_branch.pk not in found


def test_a_floating_member_without_a_profile_breaks_the_mobile_roster(world, empty_branch):
    assert {world.org_a.pk, empty_branch.pk} <= met("mobility.roster")  # none mobile
    floating = f.MemberFactory(name="张流动", organization=world.org_a, flow_type=FlowType.FLOATING)
    assert world.org_a.pk not in met("mobility.roster")
    MobileProfile.objects.create(member=floating, away_place="江苏省苏州市")
    assert world.org_a.pk in met("mobility.roster")


def test_the_dues_ledger_needs_a_month_within_the_last_three(world):
    DuesMonth.objects.create(member=world.member_a, year=2026, month=9, amount_due=10)
    assert world.org_a.pk not in met("dues.ledger")  # September is four months back
    DuesMonth.objects.create(member=world.member_a, year=2026, month=10, amount_due=10)
    assert world.org_a.pk in met("dues.ledger")
    assert world.org_b.pk not in met("dues.ledger")


def test_a_term_past_its_end_or_never_recorded_is_not_met(world):
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(
        term_started_on=datetime.date(2024, 1, 1)
    )
    PartyOrganization.objects.filter(pk=world.org_b.pk).update(
        term_started_on=datetime.date(2023, 1, 1)  # a branch's 3 years ended 2026-01-01
    )
    found = met("organizations.term")
    assert world.org_a.pk in found
    assert world.org_b.pk not in found
    assert world.group_a.pk not in found  # no term recorded


def test_a_secretary_by_name_or_member_meets_the_item(world):
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(secretary_name="林晓红")
    found = met("organizations.secretary")
    assert world.org_a.pk in found
    assert world.org_b.pk not in found


def test_each_source_answers_in_one_query_whatever_the_number_of_organizations(
    world, empty_branch, django_assert_num_queries
):
    organizations = PartyOrganization.objects.all()
    for key in ("members.roster", "mobility.roster", "dues.ledger", "development.activists"):
        with django_assert_num_queries(1):
            met(key, organizations)


def test_the_meetings_hook_has_its_key_and_until_contributed_the_town_judges(world):
    assert auto.LIFE_MEETINGS_HELD == "life.meetings_held"
    if auto.LIFE_MEETINGS_HELD not in checklist_sources():
        assert auto.source_for(auto.LIFE_MEETINGS_HELD) is None


def test_a_meetings_source_contributed_by_life_fills_the_item_from_data(world, monkeypatch):
    from liangxin.core.checklist_sources import ChecklistSource
    from liangxin.standards.models import ChecklistTemplate

    held = ChecklistSource(
        auto.LIFE_MEETINGS_HELD, "按期召开会议", lambda orgs, as_of: {world.org_a.pk}, "会议未开"
    )
    sources = {**checklist_sources(), held.key: held}
    monkeypatch.setattr(auto, "checklist_sources", lambda: sources)
    template = ChecklistTemplate.objects.get(name="五有", version=1)
    meetings = template.items.get(auto_source=auto.LIFE_MEETINGS_HELD)
    found = auto.met_by_item([meetings], PartyOrganization.objects.all(), TODAY)
    assert found[meetings.pk] == {world.org_a.pk}

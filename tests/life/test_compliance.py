"""Compliance by period (WORK.md §1, frequencies of 《支部工作条例》 arts. 11–18): what was
owed, what was held, what is missing, at each boundary."""

import datetime

import pytest

from liangxin.life import compliance, standing
from liangxin.life.models import Meeting, MeetingKind, MeetingStatus
from liangxin.organizations.models import PartyOrganization
from liangxin.rules.values import rule_set
from tests import factories as f

D = datetime.date
YEAR = 2026


def held(organization, kind, day, status=MeetingStatus.HELD):
    return Meeting.objects.create(
        organization=organization,
        kind=kind,
        held_on=day,
        topic="测试",
        status=status,
        cancel_reason="改期" if status == MeetingStatus.CANCELLED else "",
    )


def counts(organization, kind, on):
    window = compliance.window_for(kind, YEAR, on)
    orgs = PartyOrganization.objects.filter(pk=organization.pk)
    row = compliance.organizations_with_counts(orgs, kind, window).first()
    return None if row is None else (row.due, row.held)


def test_a_meeting_on_the_last_day_of_a_quarter_counts_for_that_quarter(world):
    """党员大会 一般每季度1次 (art. 11): 31 March is Q1, 1 April is Q2."""
    held(world.org_a, MeetingKind.GENERAL_ASSEMBLY, D(2026, 3, 31))
    assert counts(world.org_a, MeetingKind.GENERAL_ASSEMBLY, D(2026, 4, 1)) == (1, 1)
    held(world.org_b, MeetingKind.GENERAL_ASSEMBLY, D(2026, 4, 1))
    assert counts(world.org_b, MeetingKind.GENERAL_ASSEMBLY, D(2026, 4, 1)) == (1, 0)
    assert counts(world.org_b, MeetingKind.GENERAL_ASSEMBLY, D(2026, 7, 1)) == (2, 1)


def test_the_period_in_progress_is_not_yet_missing(world):
    """On the quarter's last day the quarter has not ended: nothing is owed yet."""
    assert counts(world.org_a, MeetingKind.GENERAL_ASSEMBLY, D(2026, 3, 31)) == (0, 0)


def test_a_month_with_no_theme_day_is_named_as_missing(world):
    """主题党日 每月相对固定1天 (art. 16): January, February and April held, March not."""
    for day in (D(2026, 1, 15), D(2026, 2, 15), D(2026, 4, 15), D(2026, 4, 20)):
        held(world.org_a, MeetingKind.THEME_DAY, day)
    on = D(2026, 5, 1)
    assert counts(world.org_a, MeetingKind.THEME_DAY, on) == (4, 3)  # two in April count once
    behind = dict(
        standing.organizations_behind(PartyOrganization.objects.filter(pk=world.org_a.pk), YEAR, on)
    )
    theme = next(s for s in behind[world.org_a] if s.kind == MeetingKind.THEME_DAY)
    assert theme.missing_periods == ["2026年3月"]


def test_an_organization_founded_mid_year_owes_from_the_next_period(world):
    """Founded 20 May: May is not owed (it did not exist on 1 May), June is."""
    late = f.organization(
        "ORG-LATE", "新建党支部", region=world.grid_a, established_on=D(2026, 5, 20)
    )
    assert counts(late, MeetingKind.THEME_DAY, D(2026, 9, 1)) == (3, 0)  # June–August
    held(late, MeetingKind.THEME_DAY, D(2026, 5, 25))  # in the founding month: not owed
    assert counts(late, MeetingKind.THEME_DAY, D(2026, 9, 1)) == (3, 0)
    # Founded on a period's first day, that period is owed.
    first_day = f.organization(
        "ORG-JUNE", "六月建党支部", region=world.grid_a, established_on=D(2026, 6, 1)
    )
    assert counts(first_day, MeetingKind.THEME_DAY, D(2026, 9, 1)) == (3, 0)
    # A quarter: founded in May owes Q3 only by October.
    assert counts(late, MeetingKind.GENERAL_ASSEMBLY, D(2026, 10, 1)) == (1, 0)


def test_a_dissolved_organization_owes_nothing_after_it_ends(world):
    gone = f.organization(
        "ORG-GONE", "已撤销党支部", region=world.grid_a, dissolved_on=D(2026, 8, 15)
    )
    assert counts(gone, MeetingKind.THEME_DAY, D(2026, 12, 1)) == (7, 0)  # January–July
    assert counts(gone, MeetingKind.LIFE_MEETING, D(2026, 12, 1)) == (0, 0)


def test_the_yearly_meetings_fall_due_when_the_year_ends(world):
    """组织生活会 ≥ 1 a year (art. 17), 民主评议 一般每年1次 (art. 18)."""
    held(world.org_a, MeetingKind.LIFE_MEETING, D(2026, 11, 30))
    assert counts(world.org_a, MeetingKind.LIFE_MEETING, D(2026, 12, 31)) == (0, 0)
    window = compliance.window_for(MeetingKind.LIFE_MEETING, YEAR, D(2027, 1, 1))
    orgs = PartyOrganization.objects.filter(pk=world.org_a.pk)
    row = compliance.organizations_with_counts(orgs, MeetingKind.LIFE_MEETING, window).get()
    assert (row.due, row.held) == (1, 1)


def test_cancelled_and_planned_meetings_do_not_count(world):
    held(world.org_a, MeetingKind.THEME_DAY, D(2026, 1, 15), MeetingStatus.CANCELLED)
    held(world.org_a, MeetingKind.THEME_DAY, D(2026, 2, 15), MeetingStatus.PLANNED)
    assert counts(world.org_a, MeetingKind.THEME_DAY, D(2026, 3, 1)) == (2, 0)


def test_committee_and_group_meetings_are_owed_only_where_they_exist(world):
    """Arts. 12–13: 支委会 where a committee exists, 党小组会 by the groups."""
    assert counts(world.org_a, MeetingKind.COMMITTEE, D(2026, 3, 1)) is None
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(has_committee=True)
    assert counts(world.org_a, MeetingKind.COMMITTEE, D(2026, 3, 1)) == (2, 0)
    assert counts(world.group_a, MeetingKind.GROUP, D(2026, 3, 1)) == (2, 0)
    assert counts(world.group_a, MeetingKind.THEME_DAY, D(2026, 3, 1)) is None


def test_a_district_that_asks_more_often_owes_more(world):
    rule_set(actor=world.user("district_admin"), key="life.general_assembly_months", value=1)
    assert counts(world.org_a, MeetingKind.GENERAL_ASSEMBLY, D(2026, 4, 1)) == (3, 0)


def test_rolled_up_by_town_in_one_query_a_kind(world, django_assert_max_num_queries):
    for month in range(1, 11):
        held(world.org_a, MeetingKind.THEME_DAY, D(2026, month, 15))
    held(world.org_b, MeetingKind.THEME_DAY, D(2026, 1, 15))
    organizations = PartyOrganization.objects.all()
    with django_assert_max_num_queries(len(compliance.KINDS) + 3):
        rows = compliance.children_figures(organizations, world.district, YEAR, D(2026, 11, 1))
    figures = {region.name: by_kind for region, by_kind in rows}
    town_a = figures["川姜镇"][MeetingKind.THEME_DAY]
    town_b = figures["开发区"][MeetingKind.THEME_DAY]
    assert (town_a.organizations, town_a.due, town_a.held, town_a.behind) == (1, 10, 10, 0)
    # whole numbers on every database (PostgreSQL sums a bigint to a numeric)
    assert all(type(n) is int for n in (town_b.organizations, town_b.due, town_b.held))
    assert (town_b.organizations, town_b.due, town_b.held, town_b.behind) == (1, 10, 1, 1)
    assert town_b.missing == 9 and town_a.rate == "100.0%"


@pytest.mark.parametrize("kind", MeetingKind.values)
def test_the_aggregate_agrees_with_a_count_by_hand(world, kind):
    """Every kind: the SQL figures equal a plain per-period count of the same meetings."""
    PartyOrganization.objects.update(has_committee=True)
    for day in (D(2026, 1, 5), D(2026, 3, 31), D(2026, 6, 1), D(2026, 6, 30), D(2026, 9, 9)):
        held(world.org_a, kind, day)
        held(world.group_a, kind, day)
    on = D(2026, 10, 1)
    window = compliance.window_for(kind, YEAR, on)
    for org in PartyOrganization.objects.filter(compliance.owes(kind)):
        expected_periods = set(range(window.first, window.last + 1))
        met = {
            compliance.period_of(m.held_on, window.months)
            for m in Meeting.objects.filter(organization=org, kind=kind)
        } & expected_periods
        assert counts(org, kind, on) == (len(expected_periods), len(met))


def test_the_demo_year_agrees_with_the_per_organization_reference(db):
    """The small demo's generated year: SQL aggregates == a per-organization Python count."""
    from io import StringIO

    from liangxin.demo.scales import ANCHOR_DATE
    from liangxin.demo.seed import seed_database
    from liangxin.life.reference import reference_figures
    from liangxin.regions.models import Region

    seed_database("small", 7, stream=StringIO())
    organizations = PartyOrganization.objects.all()
    expected = reference_figures(organizations, ANCHOR_DATE.year, ANCHOR_DATE)
    for root in Region.objects.filter(depth=1):
        inside = organizations.filter(region__path__startswith=root.path)
        mine = reference_figures(inside, ANCHOR_DATE.year, ANCHOR_DATE)
        got = compliance.region_figures(organizations, root, ANCHOR_DATE.year, ANCHOR_DATE)
        assert {f.kind: (f.organizations, f.due, f.held, f.behind) for f in got} == mine
    assert expected[MeetingKind.THEME_DAY][2] > 0  # the demo holds meetings
    assert expected[MeetingKind.THEME_DAY][3] > 0  # and some organizations are behind


def test_the_pages_one_pass_agrees_with_the_sql_engine_on_the_demo_year(db):
    """The compliance page groups one per-organization pass (life.standing) itself: on the
    small demo's year its figures per child region and its list of those behind equal the
    grouped SQL of the engine (the figures the bench and the API read)."""
    from io import StringIO

    from liangxin.demo.scales import ANCHOR_DATE
    from liangxin.demo.seed import seed_database
    from liangxin.regions.models import Region

    seed_database("small", 7, stream=StringIO())
    organizations, year = PartyOrganization.objects.all(), ANCHOR_DATE.year
    root = Region.objects.filter(depth=1).first()
    one_pass = standing.read(compliance.within(organizations, root), year, ANCHOR_DATE)
    grouped = one_pass.grouped((root.depth + 1) * Region.steplen)
    _, children = compliance.subtree_figures(organizations, root, year, ANCHOR_DATE)
    for child, by_kind in children:
        for kind, figures in by_kind.items():
            assert grouped.get(child.path, {}).get(kind) == figures, (child.name, kind)
    behind_ids = {s.organization_id for s in one_pass.behind()}
    sql_behind = set()
    for kind in compliance.KINDS:
        window = compliance.window_for(kind, year, ANCHOR_DATE)
        rows = compliance.organizations_with_counts(
            compliance.within(organizations, root), kind, window
        )
        sql_behind |= {row.pk for row in rows if row.held < row.due}
    assert behind_ids == sql_behind and behind_ids


def test_talks_are_owed_once_a_year_and_met_when_every_member_talked(world):
    """支部工作条例 art. 19: 谈心谈话 每年一般不少于1次 — 2025 is owed (ended), met only once
    every member of the branch has had a talk."""
    from liangxin.life.models import Talk, TalkPair

    second, third = (f.MemberFactory(organization=world.org_a) for _ in range(2))
    on = D(2026, 3, 1)
    window = compliance.window_for(compliance.TALK, 2025, on)
    orgs = PartyOrganization.objects.filter(pk=world.org_a.pk)

    def talk_counts():
        row = compliance.organizations_with_counts(orgs, compliance.TALK, window).get()
        return row.due, row.held

    assert talk_counts() == (1, 0)
    pair = {"organization": world.org_a, "pair": TalkPair.MEMBER_MEMBER}
    Talk.objects.create(first=world.member_a, second=second, held_on=D(2025, 6, 1), **pair)
    assert talk_counts() == (1, 0)  # the third member has not talked
    Talk.objects.create(first=third, second=second, held_on=D(2026, 1, 5), **pair)
    assert talk_counts() == (1, 0)  # a talk of 2026 is not one of 2025
    Talk.objects.create(first=third, second=world.member_a, held_on=D(2025, 12, 31), **pair)
    assert talk_counts() == (1, 1)
    # The current year has not ended: nothing owed yet.
    this_year = compliance.window_for(compliance.TALK, 2026, on)
    row = compliance.organizations_with_counts(orgs, compliance.TALK, this_year).get()
    assert (row.due, row.held) == (0, 0)

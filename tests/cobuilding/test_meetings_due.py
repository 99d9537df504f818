"""应开联席会议 (the roll-up's meetings due) counts, for each alliance, only the periods of
the year from its founding on: the rule `cobuilding.joint_meeting_months` = 3
([L: 某商会党总支] 联席会议每季度一次, WORK.md §6) makes the quarters the periods, so an
alliance founded in the third quarter owes 2 meetings that year (Q3, Q4), not 4, and 4 in
each later year."""

import datetime

import pytest

from liangxin.cobuilding import selectors, services
from liangxin.cobuilding.models import AllianceKind
from liangxin.cobuilding.rules import JOINT_MEETING_MONTHS, RULES
from liangxin.rules.values import rule_set, rule_value

pytestmark = pytest.mark.django_db


def due(world, year: int, region) -> int:
    found = selectors.rollup(user=world.user("district_admin"), region=None, year=year)
    return next(row["meetings_due"] for row in found.rows if row["key"] == region.path)


def found_in(world, day: datetime.date, name: str, region):
    return services.alliance_save(
        actor=world.user("district_admin"), kind=AllianceKind.objects.get(name="行业"),
        name=name, region=region, founded_on=day,
    )  # fmt: skip


def test_the_rule_and_its_source():
    assert rule_value(JOINT_MEETING_MONTHS) == 3
    assert "[L: 某商会党总支] 联席会议每季度一次" in RULES[0].source


def test_an_alliance_founded_in_the_third_quarter_owes_two_meetings_that_year(world):
    found_in(world, datetime.date(2024, 7, 15), "三季度成立的联盟", world.town_b)
    assert due(world, 2024, world.town_b) == 2
    assert due(world, 2025, world.town_b) == 4
    assert due(world, 2023, world.town_b) == 0  # not yet founded: no row, nothing due
    # Founded on the last day of Q2: owes Q2 too.
    found_in(world, datetime.date(2024, 6, 30), "二季度末成立的联盟", world.town_a)
    assert due(world, 2024, world.town_a) == 3


def test_dues_add_up_per_alliance_with_the_fixture_alliances(world, records):
    # records.a1 (town A) was founded on 1 March 2024: all four quarters.
    assert due(world, 2024, world.town_a) == 4
    found_in(world, datetime.date(2024, 10, 1), "四季度成立的联盟", world.town_a)
    assert due(world, 2024, world.town_a) == 4 + 1
    found = selectors.rollup(user=world.user("district_admin"), region=None, year=2024)
    assert found.total["meetings_due"] == 4 + 1 + 4  # town B's b1: four


def test_a_half_yearly_rule_counts_halves(world):
    rule_set(actor=world.user("district_admin"), key=JOINT_MEETING_MONTHS, value=6)
    found_in(world, datetime.date(2024, 7, 15), "下半年成立的联盟", world.town_b)
    assert due(world, 2024, world.town_b) == 1
    assert due(world, 2025, world.town_b) == 2

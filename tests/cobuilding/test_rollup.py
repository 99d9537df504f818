"""Issue 19, done when: a town's co-building outcomes for a year match a hand-summed table.
Pairings, alliances and workshops in town A and town B over two years, outcomes of several
types (whole years and months); town A's 2025 roll-up per outcome type (holders, summed
value to the fen) and its 共富工坊 figures (人均月增收 weighted by the people on post,
WORK.md §6 [L:平湖]) equal the table below; town B's admin and an outsider see none of it."""

from decimal import Decimal

import pytest

from liangxin.cobuilding import selectors
from tests.cobuilding.conftest import workbook_rows

pytestmark = pytest.mark.django_db

# Town A, 2025, summed by hand: (holders, value).
TOWN_A_2025 = {
    "就业": (2, Decimal("40.00")),  # p1 30 + w1 10
    "投入资金": (3, Decimal("203000.85")),  # p1 150000.55 + p2 (1000.10 + 2000.20) + a1 50000
    "活动": (1, Decimal("4.00")),  # a1
    "岗位": (1, Decimal("12.00")),  # w1
}
# The latest period of each town-A workshop in 2025: w1 November, w1b the whole year.
TOWN_A_WORKSHOPS_2025 = {
    "workshops": 2,
    "posts": 14 + 20,
    "on_post": 12 + 18,
    "low_income": 3 + 5,
    # (3100.50 × 12 + 2800 × 18) / 30 = 87606 / 30
    "income_rise": Decimal("2920.20"),
    "output": Decimal("650000.10"),  # 250000 + 400000.10
    "collective_income": Decimal("76000.00"),  # 26000 + 50000
}


@pytest.fixture
def outcomes(records):
    r = records
    r.outcome(r.p1, 2025, "就业", "30")
    r.outcome(r.p1, 2025, "投入资金", "150000.55")
    r.outcome(r.p2, 2025, "投入资金", "1000.10", month=3)
    r.outcome(r.p2, 2025, "投入资金", "2000.20", month=4)
    r.outcome(r.a1, 2025, "活动", "4")
    r.outcome(r.a1, 2025, "投入资金", "50000")
    r.outcome(r.w1, 2025, "岗位", "12")
    r.outcome(r.w1, 2025, "就业", "10")
    # Another year of town A, and town B: not in the table.
    r.outcome(r.p1, 2024, "就业", "20")
    r.outcome(r.w1, 2024, "岗位", "8")
    r.outcome(r.p3, 2025, "就业", "99")
    r.outcome(r.b1, 2025, "投入资金", "77777.77")
    r.outcome(r.w2, 2025, "岗位", "5")
    # Workshop figures: w1 June and November (November counts), w1b June and the whole
    # year (the whole year counts), w1 in 2024 and w2 of town B (not counted).
    r.figure(r.w1, 2025, 6, 10, 8, 2, "3000", "100000", "10000")
    r.figure(r.w1, 2025, 11, 14, 12, 3, "3100.50", "250000", "26000")
    r.figure(r.w1b, 2025, 6, 5, 5, 1, "1000", "1000", "100")
    r.figure(r.w1b, 2025, 0, 20, 18, 5, "2800", "400000.10", "50000")
    r.figure(r.w1, 2024, 0, 9, 9, 9, "9999", "9999", "9999")
    r.figure(r.w2, 2025, 0, 50, 40, 10, "5000", "800000", "90000")
    return r


def outcome_table(row, types) -> dict:
    """The non-empty cells of a roll-up row, by outcome type name."""
    return {t.name: row["outcomes"][t.pk] for t in types if row["outcomes"][t.pk][0]}


def workshop_cells(row) -> dict:
    return {key: row[key] for key in TOWN_A_WORKSHOPS_2025}


def test_town_a_2025_matches_the_hand_table(world, outcomes):
    district = selectors.rollup(user=world.user("district_admin"), region=None, year=2025)
    town_a = next(row for row in district.rows if row["key"] == world.town_a.path)
    assert outcome_table(town_a, district.types) == TOWN_A_2025
    assert workshop_cells(town_a) == TOWN_A_WORKSHOPS_2025

    own = selectors.rollup(user=world.user("town_a_admin"), region=None, year=2025)
    assert outcome_table(own.total, own.types) == TOWN_A_2025
    assert workshop_cells(own.total) == TOWN_A_WORKSHOPS_2025
    # The district's total adds town B: 就业 +99 by one more holder.
    assert district.total["outcomes"][outcome_type_pk(district, "就业")] == (3, Decimal("139.00"))


def outcome_type_pk(rollup, name) -> int:
    return next(t.pk for t in rollup.types if t.name == name)


def test_the_other_year_is_its_own(world, outcomes):
    found = selectors.rollup(user=world.user("town_a_admin"), region=None, year=2024)
    assert outcome_table(found.total, found.types) == {
        "就业": (1, Decimal("20.00")),
        "岗位": (1, Decimal("8.00")),
    }
    assert found.total["income_rise"] == Decimal("9999.00")


def test_town_b_and_an_outsider_see_none_of_town_a(world, outcomes, login):
    town_b = selectors.rollup(user=world.user("town_b_admin"), region=None, year=2025)
    assert outcome_table(town_b.total, town_b.types) == {
        "就业": (1, Decimal("99.00")),
        "投入资金": (1, Decimal("77777.77")),
        "岗位": (1, Decimal("5.00")),
    }
    assert town_b.total["workshops"] == 1
    outsider = selectors.rollup(user=world.user("outsider"), region=None, year=2025)
    assert outsider.rows == [] and outcome_table(outsider.total, outsider.types) == {}
    # Asking for town A by its code is a 404 for both.
    for persona in ("town_b_admin", "outsider"):
        url = f"/cobuilding/figures/?year=2025&region={world.town_a.code}"
        assert login(persona).get(url).status_code == 404
        page = login(persona).get("/cobuilding/figures/?year=2025").content.decode()
        assert "203000.85" not in page and "川姜镇" not in page


def test_the_page_and_its_export_show_the_table(world, outcomes, login):
    client = login("town_a_admin")
    page = client.get("/cobuilding/figures/?year=2025").content.decode()
    assert "3 / 203000.85" in page and "2920.20" in page
    rows = workbook_rows(client.get("/cobuilding/figures/export/?year=2025"))
    header = next(row for row in rows if row and row[0] == "区域")
    total = next(row for row in rows if row and row[0] == "合计")
    cells = dict(zip(header, total, strict=True))
    assert cells["投入资金·主体数"] == 3
    assert Decimal(str(cells["投入资金（元）"])) == Decimal("203000.85")
    assert Decimal(str(cells["人均月增收（元）"])) == Decimal("2920.20")
    assert cells["岗位（个）"] == 34


def test_the_bodies_of_town_a_in_2025(world, records):
    """Pairings and their villages, alliances, members staying into the year, the 联席会议 of
    the year against those due (one alliance × 4 quarters, rule [L: 某商会党总支])."""
    import datetime

    from liangxin.cobuilding import services

    actor = world.user("town_a_admin")
    joined = datetime.date(2024, 3, 1)
    services.member_add(
        actor=actor, alliance=records.a1, organization=world.org_a, role="lead", joined_on=joined
    )
    services.member_add(
        actor=actor, alliance=records.a1, enterprise=world.ent_a2, role="member",
        joined_on=joined, left_on=datetime.date(2024, 12, 31),
    )  # fmt: skip
    for held in (datetime.date(2024, 11, 5), datetime.date(2025, 5, 10)):
        services.meeting_record(
            actor=actor, alliance=records.a1, held_on=held, topic="季度联席会议"
        )
    found = selectors.rollup(user=world.user("district_admin"), region=None, year=2025)
    town_a = next(row for row in found.rows if row["key"] == world.town_a.path)
    bodies = {key: town_a[key] for key, _ in selectors.BODY_COLUMNS}
    assert bodies == {
        "pairings": 2,  # p1 (enterprise) and p2 (organization, 山海协作)
        "villages": 2,  # 川姜一片区 and 东源村
        "alliances": 1,
        "members": 1,  # ent_a2 left at the end of 2024
        "meetings": 1,
        "meetings_due": 4,
    }
    town_b = next(row for row in found.rows if row["key"] == world.town_b.path)
    assert (town_b["pairings"], town_b["alliances"], town_b["meetings"]) == (1, 1, 0)

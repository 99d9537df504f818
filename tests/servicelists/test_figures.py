"""The figures of the three lists against hand-computed tables: needs received, matched,
served and the match rate by region and by group (WORK.md §5 统计 "清单 matches"), and the
events' outcomes by region and year (丹东 高校行: 143 firms, 758 jobs, 712 agreements)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from liangxin.servicelists import services
from liangxin.servicelists.models import EventType
from tests.servicelists.conftest import need, resource
from tests.servicelists.test_pages import sheet

# A past year: every date is in it, whatever today is.
YEAR = timezone.localdate().year - 1


def on(month: int, day: int = 1, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


@pytest.fixture
def needs(world):
    """川姜镇: 5 needs (2 served, 1 matched, 1 open, 1 closed); 开发区: 2 (1 served, 1 open);
    one more of 川姜镇 two years back, not counted."""
    town_a, town_b = world.user("town_a_admin"), world.user("town_b_admin")
    offer_a = resource(world)
    offer_b = resource(world, region=world.town_b, provider="开发区人社局")

    def walk(actor, found, offer, *, served=None, rating=""):
        services.match_create(actor=actor, need=found, resource=offer, matched_on=on(3))
        if served:
            services.match_deliver(
                actor=actor, need=found, served_on=on(4), beneficiaries=served, outcome="已服务",
                rating=rating,
            )  # fmt: skip

    walk(town_a, need(world, received=on(2)), offer_a, served=20, rating="satisfied")
    walk(
        town_a, need(world, kind="staff", received=on(2)), offer_a, served=5, rating="dissatisfied"
    )
    walk(town_a, need(world, kind="member", received=on(2)), offer_a)
    need(world, kind="staff", received=on(5))
    services.need_close(actor=town_a, need=need(world, kind="staff", received=on(6)), reason="撤回")
    walk(
        town_b,
        need(world, actor="town_b_admin", enterprise=world.ent_b, received=on(2)),
        offer_b,
        served=3,
        rating="basically",
    )
    need(world, actor="town_b_admin", kind="staff", region=world.town_b, received=on(7))
    need(world, received=on(2, year=YEAR - 2))


COLUMNS = (
    "received", "matched", "served", "closed", "match_rate", "serve_rate", "beneficiaries",
    "satisfaction_rate",
)  # fmt: skip
BY_REGION = {
    "川姜镇": (5, 3, 2, 1, Decimal("60.0"), Decimal("40.0"), 25, Decimal("50.0")),
    "开发区": (2, 1, 1, 0, Decimal("50.0"), Decimal("50.0"), 3, Decimal("100.0")),
}
TOTAL = (7, 4, 3, 1, Decimal("57.1"), Decimal("42.9"), 28, Decimal("66.7"))
BY_GROUP = {
    "企业和人才": (2, 2, 2, 0),
    "党组织和党员": (1, 1, 0, 0),
    "职工群众": (4, 1, 1, 1),
}


def values(row, columns=COLUMNS):
    return tuple(row[c] for c in columns)


def test_the_district_figures_by_region_match_the_hand_computed_table(world, login, needs):
    response = login("district_admin").get(f"/service-lists/figures/?year={YEAR}&by=region")
    figures = response.context["figures"]
    assert {row["label"]: values(row) for row in figures.rows} == BY_REGION
    assert values(figures.total) == TOTAL


def test_the_figures_by_group(world, login, needs):
    response = login("district_admin").get(f"/service-lists/figures/?year={YEAR}&by=group")
    rows = response.context["figures"].rows
    assert {r["label"]: values(r, COLUMNS[:4]) for r in rows} == BY_GROUP


def test_a_town_sees_only_its_own_figures_by_grid(world, login, needs):
    response = login("town_b_admin").get(f"/service-lists/figures/?year={YEAR}")
    figures = response.context["figures"]
    assert {row["label"]: row["received"] for row in figures.rows} == {
        "开发区一网格": 1,  # the enterprise's need, in its grid
        "本级": 1,  # the worker's need, kept at the town
    }
    assert figures.total["received"] == 2
    other = login("town_b_admin").get(f"/service-lists/figures/?region={world.town_a.code}")
    assert other.status_code == 404


def test_the_figures_export_matches_the_page(world, login, needs):
    response = login("district_admin").get(f"/service-lists/figures/export/?year={YEAR}")
    rows = sheet(response)
    header = next(row for row in rows if row and row[0] == "区域")
    body = {row[0]: row[1:] for row in rows[rows.index(header) + 1 :]}
    assert body["川姜镇"][:4] == [5, 3, 2, 1]
    assert body["合计"][header.index("对接率（%）") - 1] == pytest.approx(57.1)


# --- events ----------------------------------------------------------------------------


@pytest.fixture
def events(world):
    def add(persona, region, kind, held, enterprises=(), other=0, **outcomes):
        services.event_create(
            actor=world.user(persona),
            data={
                "event_type": EventType.objects.get(name=kind),
                "title": f"{kind}{held}",
                "held_on": held,
                "region": region,
                "organizer": None,
                "organizer_name": "两新工委",
                "enterprises": list(enterprises),
                "other_enterprises": other,
                "note": "",
            },
            outcomes={k: Decimal(v) for k, v in outcomes.items()},
        )

    # 丹东's 高校行 as one event: 143 firms (2 in the registry + 141 others), 758 jobs, 712.
    add(
        "town_a_admin", world.town_a, "高校行", on(5), [world.ent_a, world.ent_a2], 141,
        posts=758, intentions=712, people=300,
    )  # fmt: skip
    add("town_a_admin", world.town_a, "招商推介会", on(9), (), 5, contracts=3, amount="1200.50")
    add("town_b_admin", world.town_b, "高校行", on(6), (), 10, posts=40)
    add("town_a_admin", world.town_a, "交易会", on(6, year=YEAR - 1), (), 2, posts=7)


MEASURES = ("events", "firms", "posts", "people", "intentions", "contracts", "amount")


def test_the_event_figures_by_region_and_year(world, login, events):
    figures = login("district_admin").get("/service-lists/events/figures/").context["figures"]
    table = {(r["year"], r["label"]): values(r, MEASURES) for r in figures.rows}
    assert table == {
        (YEAR, "川姜镇"): (2, 148, 758, 300, 712, 3, Decimal("1200.50")),
        (YEAR, "开发区"): (1, 10, 40, 0, 0, 0, 0),
        (YEAR - 1, "川姜镇"): (1, 2, 7, 0, 0, 0, 0),
    }
    assert values(figures.total, MEASURES) == (4, 160, 805, 300, 712, 3, Decimal("1200.50"))


def test_the_event_figures_of_one_type_and_year(world, login, events):
    kind = EventType.objects.get(name="高校行")
    client = login("town_a_admin")
    figures = client.get(f"/service-lists/events/figures/?year={YEAR}&type={kind.pk}").context[
        "figures"
    ]
    assert [values(r, MEASURES[:5]) for r in figures.rows] == [(1, 143, 758, 300, 712)]
    rows = sheet(client.get(f"/service-lists/events/figures/export/?year={YEAR}&type={kind.pk}"))
    header = next(row for row in rows if row and row[0] == "年度")
    assert rows[rows.index(header) + 1][2:7] == [1, 143, 758, 300, 712]

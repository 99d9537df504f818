"""The star distribution and the share at or above a level by region (WORK.md §3
"Statistics"; DOMAIN.md §3 "stars distribution"), as aggregates, against a count made
organization by organization."""

from decimal import Decimal as D

import pytest

from liangxin.core.scoping import scoped
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import selectors, services
from liangxin.ratings.models import Item, Rating
from tests import factories as f
from tests.ratings.conftest import rubric_named

# town A: ORG-A plus these; town B: ORG-B plus these (stars None = not starred)
TOWN_A_STARS = [5, 5, 4, 3, None]
TOWN_B_STARS = [4, 1]


@pytest.fixture
def starred(world):
    for n, stars in enumerate(TOWN_A_STARS):
        f.organization(f"SA-{n}", f"川姜{n}号党支部", region=world.grid_a, star_level=stars)
    for n, stars in enumerate(TOWN_B_STARS):
        f.organization(f"SB-{n}", f"开发区{n}号党支部", region=world.grid_b, star_level=stars)
    return world


def visible(world, persona):
    return scoped(PartyOrganization.objects.all(), world.user(persona))


def reference(organizations, region) -> dict:
    """Organization by organization: what the aggregate must say for the subtree."""
    inside = [o for o in organizations.covering() if o.region.path.startswith(region.path)]
    levels = {}
    for organization in inside:
        if organization.star_level:
            levels[organization.star_level] = levels.get(organization.star_level, 0) + 1
    return {"total": len(inside), "levels": levels}


def test_distribution_by_town_in_one_query(starred, django_assert_num_queries):
    world = starred
    organizations = visible(world, "district_admin")
    with django_assert_num_queries(2):  # the GROUP BY, then the towns' names
        rows = selectors.star_distribution(organizations, world.district)
    by_name = {row.name: row for row in rows}
    assert set(by_name) == {"川姜镇", "开发区"}
    town_a = by_name["川姜镇"]
    assert (town_a.total, town_a.levels) == (6, {5: 2, 4: 1, 3: 1})  # ORG-A unstarred
    assert town_a.share_at_or_above(4) == D("50.0")
    assert town_a.share_at_or_above(1) == D("66.7")
    assert town_a.share_at(5) == D("33.3")
    for row, town in ((town_a, world.town_a), (by_name["开发区"], world.town_b)):
        assert {"total": row.total, "levels": row.levels} == reference(organizations, town)
    total = selectors.total_of(rows, world.district)
    assert {"total": total.total, "levels": total.levels} == reference(
        organizations, world.district
    )
    assert total.at_or_above(4) == 4


def test_distribution_follows_the_scope(starred):
    world = starred
    rows = selectors.star_distribution(visible(world, "town_a_admin"), world.district)
    assert [row.name for row in rows] == ["川姜镇"]
    assert selectors.star_distribution(visible(world, "outsider"), world.district) == []


def test_a_subtree_as_one_row(starred):
    world = starred
    (row,) = selectors.star_distribution(
        visible(world, "district_admin"), world.town_a, by_children=False
    )
    assert (row.name, row.total, row.rated) == ("本级", 6, 4)


def _approve(world, cycle, organization, town, lowered_by=D(0)):
    rating = Rating.objects.get(cycle=cycle, organization=organization)
    actor = world.user("district_admin")
    items = list(Item.objects.filter(dimension__rubric=cycle.rubric, is_bonus=False))
    scores = {i: i.max_points for i in items if not services.computable(i)}
    services.rating_self_score(actor=actor, rating=rating, scores=scores)
    services.rating_self_submit(actor=actor, rating=rating)
    first = items[0]
    services.rating_town_review(
        actor=world.user(town),
        rating=rating,
        scores={first: first.max_points - lowered_by},
        satisfaction=D(95),
    )
    services.rating_district_approve(actor=actor, rating=rating)


def test_cycle_results_progress_and_gaps(world, platform_all_met):
    district = world.user("district_admin")
    cycle = services.cycle_open(
        actor=district,
        rubric=rubric_named("非公企业党组织五星评定"),
        year=2026,
        region=world.district,
    )
    _approve(world, cycle, world.org_a, "town_a_admin", lowered_by=D(2))
    ratings = scoped(Rating.objects.filter(cycle=cycle), district)
    results = selectors.cycle_results(ratings, world.district)
    assert [(row.name, row.levels) for row in results] == [("川姜镇", {5: 1})]
    progress = {p.name: p for p in selectors.cycle_progress(ratings, world.district)}
    assert progress["川姜镇"].states["approved"] == 1
    assert progress["开发区"].states["draft"] == 1 and progress["开发区"].vetoed == 0
    gaps = selectors.score_gaps(ratings)
    assert gaps["town_district"] == 0
    assert float(gaps["self_town"]) == pytest.approx(2 / 18)  # 2 points over the 18 items
    history = selectors.organization_history(ratings, world.org_a)
    assert [r.cycle.year for r in history] == [2026]

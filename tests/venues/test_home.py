"""The places on the home page and in the one search box (core.home): the card counts the
places in the user's scope; the search finds a place by name or address, in scope only (a
town never finds another town's place), with a link to the place's page."""

from django.urls import reverse

from liangxin.core.home import cards_for

SEARCH = reverse("search")


def found(client, text: str) -> list[str]:
    """What the navigation bar's box finds among the places (posted, as the box does)."""
    response = client.post(SEARCH, {"q": text}, follow=True)
    assert response.status_code == 200
    groups = {g.source.key: g for g in response.context.get("groups", [])}
    group = groups.get("venues")
    return [] if group is None else [station.name for station in group.results]


def test_a_town_finds_its_own_places_only(world, login, places):
    town_a, town_b = login("town_a_admin"), login("town_b_admin")
    assert found(town_a, "党群服务中心") == ["川姜纺织党群服务中心", "川姜镇党群服务中心"]
    assert found(town_b, "党群服务中心") == ["开发区党群服务中心"]
    # Another town's place by its exact name: nothing, not even its name on the page.
    assert found(town_b, "川姜镇党群服务中心") == []
    page = town_b.post(SEARCH, {"q": "川姜镇党群服务中心"}, follow=True).content.decode()
    assert reverse("venues:place", args=[places["centre"].pk]) not in page
    assert found(login("outsider"), "党群服务中心") == []
    everything = found(login("district_admin"), "服务")
    assert len(everything) == 5 and "开发区第2服务站" in everything


def test_a_place_is_found_by_its_address_and_links_to_its_page(world, login, places):
    response = login("town_a_admin").post(SEARCH, {"q": "政府路"}, follow=True)
    page = response.content.decode()
    assert found(login("town_a_admin"), "政府路") == ["川姜纺织党群服务中心", "川姜镇党群服务中心"]
    assert f'href="{reverse("venues:place", args=[places["centre"].pk])}"' in page
    assert "川姜镇 · 川姜镇政府路 1 号" in page  # the note tells two results apart


def test_a_secretary_finds_the_centre_serving_its_branch(world, login, places):
    assert found(login("secretary"), "党群服务中心") == [
        "川姜纺织党群服务中心",
        "川姜镇党群服务中心",
    ]


def test_the_card_counts_the_places_in_scope(world, login, places):
    def count(persona):
        cards = {c.card.key: c.count for c in cards_for(world.user(persona))}
        return cards["venues"]

    assert (count("town_a_admin"), count("town_b_admin"), count("district_admin")) == (3, 3, 6)
    assert count("outsider") == 0
    page = login("town_b_admin").get(reverse("home")).content.decode()
    card = page[page.index(f'shadow-sm" href="{reverse("venues:places")}"') :]
    card = card[: card.index("</a>")]
    assert "阵地" in card and '<div class="card-count text-danger">3</div>' in card


def test_the_administrators_get_no_place_card_nor_search(world, places):
    for persona in ("system_admin", "security_admin", "audit_admin"):
        assert "venues" not in {c.card.key for c in cards_for(world.user(persona))}

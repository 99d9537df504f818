"""Co-building in the search box and on the home page (core.home): pairings, alliances and
workshops are found by name, each linking to its page, and only inside the user's scope
(town B never finds town A's); the card counts the pairings in being in scope."""

import pytest
from django.urls import reverse

from liangxin.cobuilding import services

pytestmark = pytest.mark.django_db


def found(client, text: str) -> dict[str, list[str]]:
    response = client.post(reverse("search"), {"q": text}, follow=True)
    assert response.status_code == 200
    return {
        group.source.key: [group.source.result_label(row) for row in group.results]
        for group in response.context.get("groups", [])
    }


def test_the_search_page_finds_alliances_workshops_and_pairings_with_links(login, records):
    client = login("town_a_admin")
    assert found(client, "纺织产业链") == {"cobuilding_alliances": ["纺织产业链党建联盟"]}
    assert found(client, "电商直播工坊") == {"cobuilding_workshops": ["镇级电商直播工坊"]}
    # A pairing by its external village's name.
    assert found(client, "东源村") == {"cobuilding_pairings": [str(records.p2)]}
    page = client.post(reverse("search"), {"q": "产业链党建联盟"}, follow=True)
    text = page.content.decode()
    assert reverse("cobuilding:alliance", args=[records.a1.pk]) in text
    assert "党建联盟" in text


def test_town_b_never_finds_town_a_records(login, records):
    town_b = login("town_b_admin")
    assert found(town_b, "纺织产业链") == {}
    assert found(town_b, "东源村") == {}
    assert found(town_b, "电商直播") == {}
    # Both towns' alliances end in the same words: each town finds only its own.
    assert found(town_b, "产业链党建联盟") == {"cobuilding_alliances": ["机械产业链党建联盟"]}
    assert found(login("town_a_admin"), "产业链党建联盟") == {
        "cobuilding_alliances": ["纺织产业链党建联盟"]
    }
    district = found(login("district_admin"), "产业链党建联盟")
    assert sorted(district["cobuilding_alliances"]) == ["机械产业链党建联盟", "纺织产业链党建联盟"]
    assert found(login("outsider"), "产业链党建联盟") == {}


def card_count(client) -> int | None:
    counts = client.get(reverse("home")).context["counts"]
    return next((c.count for c in counts if c.card.key == "cobuilding_pairings"), None)


def test_the_home_card_counts_the_pairings_in_being_in_scope(login, records, world):
    assert card_count(login("town_a_admin")) == 2
    assert card_count(login("town_b_admin")) == 1
    assert card_count(login("district_admin")) == 3
    page = login("town_a_admin").get(reverse("home")).content.decode()
    assert reverse("cobuilding:pairings") in page and "村企联建" in page
    # A pairing that ended (不存续) is no longer counted.
    services.pairing_save(
        actor=world.user("town_a_admin"), pairing=records.p2, region=world.town_a, active=False
    )
    assert card_count(login("town_a_admin")) == 1

"""The shared list filters (liangxin.regions.pages): a ?region= outside the user's scope is
a 404, never an unfiltered list; a malformed or absurd ?year= falls back to this year."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from liangxin.regions.pages import chosen_region, chosen_year, filter_regions


def _request(user, **query):
    request = RequestFactory().get("/", query)
    request.user = user
    return request


@pytest.mark.django_db
def test_region_in_scope_is_chosen_and_outside_is_404(world):
    user = world.users["town_a_admin"]
    assert chosen_region(_request(user, region=world.town_a.code)) == world.town_a
    assert chosen_region(_request(user)) is None
    with pytest.raises(Http404):
        chosen_region(_request(user, region=world.town_b.code))
    with pytest.raises(Http404):
        chosen_region(_request(user, region="x" * 5000))


@pytest.mark.django_db
def test_year_falls_back_to_this_year(world):
    user = world.users["town_a_admin"]
    this_year = timezone.localdate().year
    assert chosen_year(_request(user, year="2024")) == 2024
    for bad in ("", "abc", "1899", "99999", "2024.5"):
        assert chosen_year(_request(user, year=bad)) == this_year, bad
    assert chosen_year(_request(user, year="bad"), default=2023) == 2023


@pytest.mark.django_db
def test_filter_offers_towns_not_grids_nor_other_towns(world):
    offered = set(filter_regions(world.users["town_b_admin"]))
    assert world.town_b in offered
    assert world.town_a not in offered
    assert not any(region.kind in ("grid", "area") for region in offered)

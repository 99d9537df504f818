"""The directory by town (issue 19: a map-free directory by region) prints on A4 through
its own print stylesheet (a file, linked — no inline style under the CSP), and groups the
places by their town or park found by the region's level (Region.kind), not by depth."""

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse

from liangxin.organizations.models import PartyStation
from liangxin.venues import selectors, services
from tests import factories as f
from tests.venues.conftest import kind, level, place_data

PRINT_CSS = "venues/directory-print.css"


def test_the_directory_links_its_print_stylesheet_which_is_served(world, login, places):
    client = login("town_a_admin")
    page = client.get(reverse("venues:directory")).content.decode()
    href = static(PRINT_CSS)
    assert f'<link rel="stylesheet" href="{href}" media="print"' in page
    assert " style=" not in page  # the CSP allows no style attribute
    response = client.get(href)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    css = b"".join(response.streaming_content if response.streaming else [response.content])
    css = css.decode()
    assert "@media print" in css and "size: A4" in css
    for hidden in (".navbar", ".btn", "form"):  # no navigation bar, buttons or filters
        assert hidden in css.split("display: none")[0]


def test_the_print_stylesheet_is_in_the_static_files():
    assert finders.find(PRINT_CSS) is not None


def root_town():
    """A deployment whose tree starts at a town (regions.hierarchy allows it): the town at
    depth 1, its areas at depth 2 — where a town found by depth would be an area."""
    town = f.region("350600100000", "海门镇", "town")
    east = f.region("HM-E", "海门东片区", "area", town)
    west = f.region("HM-W", "海门西片区", "area", town)
    park = f.region("HM-P", "海门园区", "park", town)  # a park inside a town counts with it
    user = f.account("haimen", "town_admin", regions=[town])
    return town, east, west, park, user


def a_place(user, world, name, region, **extra):
    data = place_data(world, name=name, region=region, organizations=[], **extra)
    return services.place_save(actor=user, data=data)


def test_a_town_at_the_root_groups_its_places_as_one_town(world, login):
    town, east, west, park, user = root_town()
    for name, region in (("东片区工作站", east), ("西片区工作站", west), ("园区服务站", park)):
        a_place(user, world, name, region, kind=kind("work_station"), level=level("general"))
    groups = selectors.directory(user=user)
    assert [(g.town.name, len(g.places)) for g in groups] == [("海门镇", 3)]
    by_kind = selectors.crosstab(user=user, region=None, by="kind")
    assert [(t.name, total) for t, _, _, total in by_kind.rows] == [("海门镇", 3)]
    assert selectors.town_path(east) == town.path == selectors.town_path(park)


def test_a_name_is_unique_across_the_whole_root_town(world):
    town, east, west, _, user = root_town()
    a_place(user, world, "海门党建工作站", east, kind=kind("work_station"), level=level("general"))
    with pytest.raises(ValidationError, match="本镇街（园区）已有同名阵地"):
        a_place(
            user, world, "海门党建工作站", west, kind=kind("work_station"), level=level("general")
        )
    assert PartyStation.objects.filter(name="海门党建工作站").count() == 1


def test_a_centre_in_one_area_takes_a_station_of_another_area_of_the_town(world):
    town, east, west, _, user = root_town()
    centre = a_place(
        user,
        world,
        "海门镇党群服务中心",
        town,
        kind=kind("district_centre"),
        level=level("general"),
    )
    station = a_place(
        user,
        world,
        "西片区服务站",
        west,
        kind=kind("service_station"),
        level=level("general"),
        parent=centre,
    )
    assert station.venue.parent == centre


def test_the_district_still_groups_by_its_towns_and_parks(world, places):
    groups = selectors.directory(user=world.user("district_admin"))
    assert [(g.town.name, len(g.places)) for g in groups] == [("川姜镇", 3), ("开发区", 3)]

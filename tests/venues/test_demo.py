"""The demo's stations get their profiles (slot demo_seeders): per town the town centre is
the 镇级标杆 and the enterprise centres 企业示范 [L:川姜]; in a park the centre is a
园区党群服务中心 with its stations under it [L:泉州]; a second run writes nothing more."""

from liangxin.demo.accounts import DemoAnchors
from liangxin.organizations.models import PartyStation
from liangxin.venues import demo
from liangxin.venues.models import VenueCheck, VenueKind, VenueProfile


def test_the_demo_stations_get_profiles(world):
    station = PartyStation.objects.create
    town_centre = station(name="川姜镇党群服务中心", level="town_benchmark", region=world.town_a)
    model = station(name="川姜纺织党群服务中心", level="enterprise_model", region=world.grid_a)
    area = station(name="川姜一片区党建工作站", level="area", region=world.area_a)
    park_centre = station(name="开发区党群服务中心", level="town_benchmark", region=world.town_b)
    park_station = station(name="开发区一网格服务站", level="area", region=world.grid_b)
    VenueKind.objects.all().delete()  # as after a flush: the seeder writes them back
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) == 5 + 2  # five profiles, a check of each centre
    profile = {p.station: p for p in VenueProfile.objects.select_related("kind", "level")}
    assert (profile[town_centre].kind.code, profile[town_centre].level.name) == (
        "district_centre",
        "镇级标杆",
    )
    assert profile[model].level.name == "企业示范"
    assert profile[area].parent == town_centre and profile[area].kind.code == "work_station"
    assert profile[park_centre].kind.code == "park_centre"
    assert profile[park_station].parent == park_centre
    assert profile[park_station].kind.code == "service_station"
    assert VenueCheck.objects.get(station=town_centre).score == 85
    assert demo.seed(anchors, 7) == 0


def test_the_small_demo_has_centres_and_stations(db, monkeypatch):
    """The whole demo (small): every station of the demo county has its profile; a town has
    one 镇级标杆 centre, the park a 园区党群服务中心 with stations under it."""
    from io import StringIO

    from django.core.management import call_command

    from liangxin.regions.models import Region

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    quiet = {"stdout": StringIO(), "stderr": StringIO()}
    call_command("seed_demo", "--scale", "small", "--seed", "7", **quiet)
    county = Region.objects.filter(depth=1).order_by("path").first()  # the anchors' county
    stations = PartyStation.objects.filter(region__path__startswith=county.path)
    assert stations.exists() and not stations.filter(venue__isnull=True).exists()
    assert VenueProfile.objects.filter(level__code="town_benchmark").exists()
    park = VenueProfile.objects.get(kind__code="park_centre")  # 平湖经济技术开发区
    assert park.level.code == "park_centre"
    assert VenueProfile.objects.filter(parent=park.station, kind__code="service_station").exists()
    assert not VenueProfile.objects.filter(parent__isnull=False, kind__is_centre=True).exists()

import datetime

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def venue_defaults(db):
    """The kinds, levels and standard items of migration venues 0002; a live-server test
    empties the database after itself: write them back when they are gone."""
    from liangxin.servicelists import defaults as activity_defaults
    from liangxin.servicelists.models import ActivityType, EventType
    from liangxin.venues import defaults
    from liangxin.venues.models import VenueKind, VenueLevel, VenueStandard

    if not VenueStandard.objects.exists():
        defaults.seed(VenueKind, VenueLevel, VenueStandard)
    if not ActivityType.objects.exists():
        activity_defaults.seed(ActivityType, EventType)


def kind(code):
    from liangxin.venues.models import VenueKind

    return VenueKind.objects.get(code=code)


def level(code):
    from liangxin.venues.models import VenueLevel

    return VenueLevel.objects.get(code=code)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def place_data(world, **extra) -> dict:
    data = {
        "name": "川姜镇党群服务中心",
        "region": world.town_a,
        "address": "川姜镇政府路 1 号",
        "organizations": [world.org_a],
        "kind": kind("district_centre"),
        "level": level("town_benchmark"),
        "parent": None,
        "area_m2": None,
        "rooms": None,
        "opening_hours": "周一至周六 8:30–20:30",
        "facilities": "党员活动室、会议室",
        "services": "党员教育、政策咨询",
        "contact_name": "张主任",
        "contact_phone": "0513-1234567",
    }
    data.update(extra)
    return data


def make_place(world, actor="town_a_admin", **extra):
    from liangxin.venues import services

    return services.place_save(actor=world.user(actor), data=place_data(world, **extra))


@pytest.fixture
def places(world):
    """川姜-style: a town benchmark centre with one enterprise 示范 under it (a station of
    the centre) and an old station with no profile; 开发区 (a park): a park centre with two
    stations (泉州-style 一中心多站点)."""
    from liangxin.organizations.models import PartyStation

    centre = make_place(world, area_m2="850.50", rooms=8)
    model = make_place(
        world,
        name="川姜纺织党群服务中心",
        region=world.grid_a,
        kind=kind("enterprise_centre"),
        level=level("enterprise_model"),
        parent=centre,
        organizations=[world.org_a],
    )
    old = PartyStation.objects.create(
        name="川姜一片区党建工作站", level="area", region=world.area_a
    )
    park = make_place(
        world,
        actor="town_b_admin",
        name="开发区党群服务中心",
        region=world.town_b,
        kind=kind("park_centre"),
        level=level("park_centre"),
        organizations=[world.org_b],
    )
    stations = [
        make_place(
            world,
            actor="town_b_admin",
            name=f"开发区第{n}服务站",
            region=world.grid_b,
            kind=kind("service_station"),
            level=level("general"),
            parent=park,
            organizations=[],
        )
        for n in (1, 2)
    ]
    return {"centre": centre, "model": model, "old": old, "park": park, "stations": stations}

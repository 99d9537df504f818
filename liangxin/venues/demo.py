"""Demo places (slot demo_seeders): profiles for the stations the demo wrote in the demo
county, in bulk. In each town (川姜-style [L:川姜]: 1 镇级标杆, enterprise 示范) the town's
党群服务中心 is the 镇级标杆 centre, the enterprise centres are 企业示范, the area stations
hang under the centre; in a park (泉州-style [L:泉州]: 1 centre + stations) the centre is a
园区党群服务中心 at the 园区中心 level. One check of the benchmark centre per town."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.utils import timezone

from liangxin.organizations.models import PartyStation
from liangxin.regions.models import Region
from liangxin.venues import defaults
from liangxin.venues.models import (
    VenueCheck,
    VenueCheckItem,
    VenueKind,
    VenueLevel,
    VenueProfile,
    VenueStandard,
)
from liangxin.venues.selectors import town_path, town_paths

HOURS = "周一至周六 8:30–20:30"
CENTRE_FACILITIES = "党员活动室、会议室、阅览室、职工之家、党建展厅"
CENTRE_SERVICES = "党员教育、组织关系接转、政策咨询、法律援助、职工服务"
STATION_SERVICES = "党员学习、职工服务、政策咨询"


def seed(anchors, seed: int) -> int:
    defaults.seed(VenueKind, VenueLevel, VenueStandard)  # a flushed database lost them
    county = Region.objects.filter(code=anchors.county).first()
    if county is None or VenueProfile.objects.exists():
        return 0
    kinds = {k.code: k for k in VenueKind.objects.all()}
    levels = {v.code: v for v in VenueLevel.objects.all()}
    stations = PartyStation.objects.filter(region__path__startswith=county.path).select_related(
        "region"
    )
    stations = list(stations.order_by("id"))
    towns = town_paths(s.region.path for s in stations)
    centres = _centres(stations, towns)
    profiles = [
        _profile(s, centres.get(town_path(s.region, towns)), kinds, levels) for s in stations
    ]
    VenueProfile.objects.bulk_create(profiles, batch_size=1000)
    return len(profiles) + _checks(centres.values())


def _centres(stations, towns: set[str]) -> dict[str, PartyStation]:
    """The town-level centre of each town or park (the station written at the town)."""
    found = {}
    for station in stations:
        if station.level == "town_benchmark" and station.region.kind in ("town", "park"):
            found.setdefault(town_path(station.region, towns), station)
    return found


def _profile(station, centre, kinds, levels) -> VenueProfile:
    if centre is not None and centre.pk == station.pk:
        park = station.region.kind == "park"
        return VenueProfile(
            station=station,
            kind=kinds["park_centre" if park else "district_centre"],
            level=levels["park_centre" if park else "town_benchmark"],
            area_m2=1200 if park else 850,
            rooms=10 if park else 8,
            opening_hours=HOURS,
            facilities=CENTRE_FACILITIES,
            services=CENTRE_SERVICES,
            contact_name="党建办",
        )
    if station.level == "enterprise_model":
        return VenueProfile(
            station=station,
            kind=kinds["enterprise_centre"],
            level=levels["enterprise_model"],
            area_m2=300,
            rooms=4,
            opening_hours="工作日 8:00–17:30",
            facilities="党员活动室、会议室、职工书屋",
            services=STATION_SERVICES,
        )
    park = centre is not None and centre.region.kind == "park"
    return VenueProfile(
        station=station,
        kind=kinds["service_station" if park else "work_station"],
        level=levels["general"],
        parent=centre,
        area_m2=120,
        rooms=2,
        opening_hours="工作日 9:00–17:00",
        facilities="党员活动室",
        services=STATION_SERVICES,
    )


def _checks(centres) -> int:
    """One check of each town centre a month ago: every item met but the 台账."""
    actor = get_user_model().objects.filter(username="town_admin").first()
    standards = list(VenueStandard.objects.filter(active=True, kinds=None))
    checked_on = timezone.localdate() - datetime.timedelta(days=30)
    count = 0
    for centre in centres:
        check = VenueCheck.objects.create(
            station=centre, checked_on=checked_on, checker="镇党委组织委员", recorded_by=actor
        )
        VenueCheckItem.objects.bulk_create(
            VenueCheckItem(
                check_record=check,
                standard=s,
                points=s.points,
                met=s.code != "ledger",
                note="" if s.code != "ledger" else "活动台账不全，限期补齐",
            )
            for s in standards
        )
        totals = check.items.aggregate(score=Sum("points", filter=Q(met=True)), full=Sum("points"))
        check.score, check.full_score = totals["score"] or 0, totals["full"] or 0
        check.save(update_fields=["score", "full_score"])
        count += 1
    return count

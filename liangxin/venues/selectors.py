"""Reads of the places, every one through ``scoped``: the list, the directory by town, a
place's page (served organizations, stations, activities held, meetings, checks) and the
statistics (places by kind and level, activities and participants in a year), which are
GROUP BY queries on the path of the town or park a place lies in."""

import datetime
import functools
import operator
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Substr

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.life.models import Meeting, MeetingStatus
from liangxin.organizations.models import PartyOrganization, PartyStation
from liangxin.regions.models import Region, RegionKind
from liangxin.servicelists.models import Activity
from liangxin.venues.models import VenueCheck, VenueKind, VenueLevel, VenueProfile

# A place's town is the outermost town or park (Region.kind, the registry's level) its region
# lies in, at whatever depth: a deployment's tree may start at a county, a town or a park
# (regions.hierarchy), and a park may lie inside a town (it counts with its town). A place
# above every town (at the county) is its own group.
TOWN_KINDS = (RegionKind.TOWN, RegionKind.PARK)


def _prefixes(path: str) -> list[str]:
    """The paths of a region's ancestors and itself, outermost first."""
    step = Region.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def town_paths(paths) -> set[str]:
    """The towns and parks among the ancestors of ``paths`` (one query for many places)."""
    prefixes = {prefix for path in paths for prefix in _prefixes(path)}
    towns = Region.objects.filter(kind__in=TOWN_KINDS, path__in=prefixes)
    return set(towns.values_list("path", flat=True))


def town_path(region: Region, towns: set[str] | None = None) -> str:
    """The path of the town or park a region lies in (the region itself above the towns);
    ``towns``: the town paths already read (``town_paths``), else they are read here."""
    towns = town_paths([region.path]) if towns is None else towns
    return next((p for p in _prefixes(region.path) if p in towns), region.path)


def town_of(field: str):
    """An expression of a row's town path, ``field`` being its region's path: the outermost
    town or park among the region's ancestors (by Region.kind, at the depths towns sit at
    in this tree), else the region's own path."""
    depths = sorted(set(Region.objects.filter(kind__in=TOWN_KINDS).values_list("depth", flat=True)))
    if not depths:
        return F(field)
    at_depth = [Q(path=Substr(OuterRef(field), 1, d * Region.steplen)) for d in depths]
    towns = Region.objects.filter(functools.reduce(operator.or_, at_depth), kind__in=TOWN_KINDS)
    outermost = towns.order_by("depth").values("path")[:1]
    return Coalesce(Subquery(outermost), F(field))


def region_choices(user, *, keep: Region | None = None) -> QuerySet:
    """The district, towns, parks and areas the filters and the form offer (grids are too
    many for a select); ``keep``: a place's own region stays offered, a grid too."""
    wanted = ~Q(kind="grid") | Q(pk=keep.pk) if keep is not None else ~Q(kind="grid")
    return scoped(Region.objects.filter(wanted), user).order_by("path")


def places(*, user) -> QuerySet:
    rows = PartyStation.objects.select_related(
        "region", "venue__kind", "venue__level", "venue__parent"
    ).annotate(
        organization_count=Count("organizations", distinct=True),
        child_count=Count("child_profiles", distinct=True),
    )
    return scoped(rows, user).order_by("region__path", "name", "pk")


def place(*, user, pk: int) -> PartyStation:
    rows = PartyStation.objects.select_related(
        "region", "venue__kind", "venue__level", "venue__parent"
    )
    return get_scoped_or_404(rows, user, pk=pk)


def profile_of(station: PartyStation) -> VenueProfile | None:
    try:
        return station.venue
    except VenueProfile.DoesNotExist:
        return None


def parent_choices(*, user, station: PartyStation | None = None) -> QuerySet:
    """Centres a station may hang under: places in scope of a centre kind that are not
    stations themselves."""
    rows = scoped(PartyStation.objects.select_related("region"), user).filter(
        venue__kind__is_centre=True, venue__parent__isnull=True
    )
    if station is not None and station.pk:
        rows = rows.exclude(pk=station.pk)
    return rows.order_by("region__path", "name")


@dataclass
class PlaceDetail:
    station: PartyStation
    profile: VenueProfile | None
    organizations: QuerySet
    children: QuerySet
    activities: QuerySet
    activity_totals: dict
    meetings: QuerySet
    checks: QuerySet


def place_detail(*, user, pk: int, recent: int = 20) -> PlaceDetail:
    station = place(user=user, pk=pk)
    activities = scoped(Activity.objects.filter(place=station), user)
    totals = activities.aggregate(count=Count("pk"), participants=Sum("participants"))
    return PlaceDetail(
        station=station,
        profile=profile_of(station),
        organizations=scoped(station.organizations.select_related("region"), user),
        children=scoped(
            PartyStation.objects.filter(venue__parent=station).select_related(
                "region", "venue__kind", "venue__level"
            ),
            user,
        ).order_by("name"),
        activities=activities.select_related("activity_type", "service_item").order_by(
            "-held_on", "-pk"
        )[:recent],
        activity_totals={"count": totals["count"], "participants": totals["participants"] or 0},
        meetings=meetings_at(user=user, station=station)[:recent],
        checks=scoped(
            VenueCheck.objects.filter(station=station).prefetch_related("items__standard"), user
        ),
    )


def check(*, user, pk: int) -> VenueCheck:
    rows = VenueCheck.objects.select_related("station__region")
    return get_scoped_or_404(rows, user, pk=pk)


def meetings_at(*, user, station: PartyStation) -> QuerySet:
    """组织生活 held there (read-only): the meetings linked to the place (life.Meeting.station,
    so a renamed place keeps them), and, as a fallback for rows with no link (entered before
    it, or without choosing a place), those of the organizations the place serves whose
    place text is the place's current name."""
    meetings = Meeting.objects.filter(Q(station=station) | by_name(station))
    return scoped(meetings.select_related("organization"), user).order_by("-held_on", "-pk")


def by_name(station: PartyStation) -> Q:
    """The fallback text match of a meeting with no 活动阵地 to ``station``."""
    served = station.organizations.values("pk")
    return Q(station__isnull=True, organization__in=served, place=station.name)


# Up to this many ids are sent as a literal list rather than a subquery (well under SQLite's
# 32,766 parameters): see meetings_by_place.
LITERAL_IDS = 5000


def _ids_or_subquery(rows: QuerySet, field: str):
    ids = list(rows.values_list(field, flat=True).distinct()[: LITERAL_IDS + 1])
    return ids if len(ids) <= LITERAL_IDS else rows.values(field)


def meetings_by_place(*, user, stations: QuerySet, start, end) -> dict[int, tuple[int, int]]:
    """{station pk: (held meetings, members present)} in the date range, each meeting once:
    by its 活动阵地, else (no link: the old rows) by the text fallback of ``by_name``, the
    first station by pk whose name is the place text and which serves the organization.

    The places and the organizations they serve go in as literal id lists when there are not
    too many, and life.Meeting has an index on (station, held_on): given subqueries, or only
    the station's own index, SQLite's planner walked the year's meetings by their date index
    (1.6 million in the province dataset: 5 s for one county's 53 places)."""
    held = scoped(
        Meeting.objects.filter(status=MeetingStatus.HELD, held_on__range=(start, end)), user
    )
    wanted = _ids_or_subquery(stations, "pk")
    if not wanted:
        return {}
    linked = held.filter(station__in=wanted).values(key=F("station"))
    named = PartyStation.objects.filter(
        name=OuterRef("place"), organizations=OuterRef("organization")
    ).order_by("pk")
    # Only the meetings of organizations the wanted places serve can match one by name.
    through = PartyStation.organizations.through.objects.filter(partystation__in=wanted)
    served = _ids_or_subquery(through, "partyorganization")
    unlinked = (
        held.filter(station__isnull=True, organization__in=served)
        .exclude(place="")
        .annotate(named=Subquery(named.values("pk")[:1]))
        .filter(named__in=wanted)
        .values(key=F("named"))
    )
    counts: dict[int, tuple[int, int]] = {}
    for rows in (linked, unlinked):
        grouped = rows.annotate(n=Count("pk"), present=Sum("present_count")).order_by()
        for row in grouped:
            n, present = counts.get(row["key"], (0, 0))
            counts[row["key"]] = (n + row["n"], present + (row["present"] or 0))
    return counts


# --- the directory ---------------------------------------------------------------------


@dataclass
class TownPlaces:
    town: Region | None
    places: list


def directory(*, user, region: Region | None = None) -> list[TownPlaces]:
    """Places grouped by town or park (the page prints; no map)."""
    rows = places(user=user).annotate(town=town_of("region__path"))
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
    towns = {r.path: r for r in Region.objects.filter(path__in=rows.values("town"))}
    groups: dict[str, TownPlaces] = {}
    for row in rows.order_by("town", "name", "pk"):
        group = groups.setdefault(row.town, TownPlaces(towns.get(row.town), []))
        row.profile = profile_of(row)
        group.places.append(row)
    return list(groups.values())


# --- statistics ------------------------------------------------------------------------


@dataclass
class Crosstab:
    """Rows (towns) × columns (kinds or levels) of counts, with totals; 未完善 = no profile."""

    columns: list
    rows: list[tuple[Region | None, list[int], int, int]]
    column_totals: list[int]
    missing_total: int
    total: int


def _town_counts(user, region: Region | None, field: str) -> dict[tuple[str, int | None], int]:
    stations = scoped(PartyStation.objects.all(), user)
    if region is not None:
        stations = stations.filter(region__path__startswith=region.path)
    counted = (
        stations.annotate(town=town_of("region__path"))
        .values("town", f"venue__{field}")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["town"], row[f"venue__{field}"]): row["n"] for row in counted}


def crosstab(*, user, region: Region | None, by: str) -> Crosstab:
    """Places by town and kind (``by="kind"``) or level (``by="level"``)."""
    model = {"kind": VenueKind, "level": VenueLevel}[by]
    counts = _town_counts(user, region, by)
    used = {key for _, key in counts}
    columns = [c for c in model.objects.order_by("order", "pk") if c.active or c.pk in used]
    town_paths = sorted({town for town, _ in counts})
    towns = {r.path: r for r in Region.objects.filter(path__in=town_paths)}
    rows = []
    for path in town_paths:
        cells = [counts.get((path, c.pk), 0) for c in columns]
        missing = counts.get((path, None), 0)
        rows.append((towns.get(path), cells, missing, sum(cells) + missing))
    column_totals = [sum(row[1][i] for row in rows) for i in range(len(columns))]
    missing_total = sum(row[2] for row in rows)
    return Crosstab(columns, rows, column_totals, missing_total, sum(column_totals) + missing_total)


@dataclass
class ActivityRow:
    town: Region | None
    places: int  # places with an activity or a meeting in the year
    activities: int
    participants: int
    meetings: int = 0  # 组织生活 held there (life.Meeting)
    attendance: int = 0  # their members present (实到人次)


def activity_figures(*, user, region: Region | None, year: int) -> list[ActivityRow]:
    """Activities (servicelists.Activity) and 组织生活 (life.Meeting, by ``meetings_by_place``)
    held at places in the year, with their participants, by the place's town."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    stations = scoped(PartyStation.objects.all(), user)
    if region is not None:
        stations = stations.filter(region__path__startswith=region.path)
    activities = (
        scoped(Activity.objects.filter(place__in=stations.values("pk")), user)
        .filter(held_on__range=(start, end))
        .values("place")
        .annotate(n=Count("pk"), participants=Sum("participants"))
        .order_by()
    )
    per_place: dict[int, list[int]] = {}
    for row in activities:
        per_place.setdefault(row["place"], [0, 0, 0, 0])[:2] = [
            row["n"],
            row["participants"] or 0,
        ]
    meetings = meetings_by_place(user=user, stations=stations, start=start, end=end)
    for pk, (n, present) in meetings.items():
        per_place.setdefault(pk, [0, 0, 0, 0])[2:] = [n, present]
    if not per_place:
        return []
    town_of_place = dict(
        PartyStation.objects.filter(pk__in=list(per_place))
        .annotate(town=town_of("region__path"))
        .values_list("pk", "town")
    )
    by_town: dict[str, list[int]] = {}
    for pk, counts in per_place.items():
        total = by_town.setdefault(town_of_place[pk], [0, 0, 0, 0, 0])
        total[0] += 1
        for i, value in enumerate(counts, start=1):
            total[i] += value
    towns = {r.path: r for r in Region.objects.filter(path__in=list(by_town))}
    return [ActivityRow(towns.get(path), *by_town[path]) for path in sorted(by_town)]


def organizations_for_form(*, user) -> QuerySet:
    return scoped(PartyOrganization.objects.all(), user)

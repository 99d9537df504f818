"""Who sees which places (core.scoping): through the station's region (a town sees the
places of its town) and through the organizations a place serves (a secretary sees the
centre that serves its branch). The same two ways reach a place's profile and its checks;
the kinds, levels and standard items are the district's vocabulary, seen by every scope."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.organizations.models import PartyStation
from liangxin.venues.models import (
    VenueCheck,
    VenueCheckItem,
    VenueKind,
    VenueLevel,
    VenueProfile,
    VenueStandard,
)


def served_station_ids(scope: Scope):
    """The ids of the stations serving an organization of the scope's subtrees (a subquery)."""
    links = PartyStation.organizations.through.objects.filter(
        prefix_q("partyorganization__path", scope.organization_paths)
    )
    return links.values("partystation_id")


def through_station(field: str):
    """A rule for rows that hang off a station through ``field`` ("" = the station itself)."""
    prefix = f"{field}__" if field else ""
    key = f"{field}_id" if field else "pk"

    def rule(scope: Scope) -> Q | None:
        served = None
        if scope.organization_paths:
            served = Q(**{f"{key}__in": served_station_ids(scope)})
        return any_of(prefix_q(f"{prefix}region__path", scope.region_paths), served)

    return rule


def station_served(scope: Scope) -> Q | None:
    """Adds to organizations' region rule: a station serving the scope's organizations."""
    if not scope.organization_paths:
        return None
    return Q(pk__in=served_station_ids(scope))


def vocabulary_rule(scope: Scope) -> Q | None:
    return None if scope.is_empty else Q()


def check_item_rule(scope: Scope) -> Q | None:
    condition = through_station("station")(scope)
    if condition is None:
        return None
    return Q(check_record__in=VenueCheck.objects.filter(condition).values("pk"))


SCOPE_RULES = [
    (PartyStation, station_served),
    (VenueProfile, through_station("station")),
    (VenueCheck, through_station("station")),
    (VenueCheckItem, check_item_rule),
    (VenueKind, vocabulary_rule),
    (VenueLevel, vocabulary_rule),
    (VenueStandard, vocabulary_rule),
]

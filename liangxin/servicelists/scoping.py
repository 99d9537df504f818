"""Who sees what of the three lists (core.scoping).

Needs, activities and events belong to a region: a user sees those of the regions under
their scope; a secretary those of their organizations (the need of a covered enterprise or
of one of their members, the activity or event their organization ran); an instructor the
needs of the assigned enterprises. Offers (resources and the service menu) are also seen
from below: a town matches its needs to the district's resources and shows the district's
menu, so a region's offers reach every region under it. Activity and event types are the
district's vocabulary."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.organizations.models import CoverageLink, PartyOrganization
from liangxin.regions.models import Region
from liangxin.servicelists.models import (
    Activity,
    ActivityType,
    Event,
    EventOutcome,
    EventType,
    Match,
    Need,
    NeedCategory,
    Resource,
    ServiceItem,
    ServiceRecord,
)


def vocabulary_rule(scope: Scope) -> Q | None:
    return None if scope.is_empty else Q()


def _ancestors(paths) -> list[str]:
    return sorted(
        {path[:end] for path in paths for end in range(Region.steplen, len(path), Region.steplen)}
    )


def _home_paths(scope: Scope) -> list[str]:
    """The region paths a user works in: their regions, or where their organizations sit."""
    paths = list(scope.region_paths)
    if scope.organization_paths:
        orgs = PartyOrganization.objects.filter(prefix_q("path", scope.organization_paths))
        paths += orgs.values_list("region__path", flat=True).distinct()
    return paths


def offer_rule(scope: Scope) -> Q | None:
    homes = _home_paths(scope)
    return any_of(
        prefix_q("region__path", tuple(scope.region_paths)),
        Q(region__path__in=[*homes, *_ancestors(homes)]) if homes else None,
        prefix_q("provider_organization__path", scope.organization_paths),
    )


def need_rule(prefix: str):
    def rule(scope: Scope) -> Q | None:
        covered = None
        if scope.organization_paths:
            links = CoverageLink.objects.filter(
                prefix_q("organization__path", scope.organization_paths)
            )
            covered = Q(**{f"{prefix}enterprise_id__in": links.values("enterprise_id")})
        assigned = (
            Q(**{f"{prefix}enterprise_id__in": scope.enterprise_ids})
            if scope.enterprise_ids
            else None
        )
        return any_of(
            prefix_q(f"{prefix}region__path", scope.region_paths),
            prefix_q(f"{prefix}member__organization__path", scope.organization_paths),
            covered,
            assigned,
        )

    return rule


def organized_rule(prefix: str):
    def rule(scope: Scope) -> Q | None:
        return any_of(
            prefix_q(f"{prefix}region__path", scope.region_paths),
            prefix_q(f"{prefix}organizer__path", scope.organization_paths),
        )

    return rule


SCOPE_RULES = [
    (ActivityType, vocabulary_rule),
    (EventType, vocabulary_rule),
    (NeedCategory, vocabulary_rule),
    (Resource, offer_rule),
    (ServiceItem, offer_rule),
    (Need, need_rule("")),
    (Match, need_rule("need__")),
    (ServiceRecord, need_rule("match__need__")),
    (Activity, organized_rule("")),
    (Event, organized_rule("")),
    (EventOutcome, organized_rule("event__")),
]

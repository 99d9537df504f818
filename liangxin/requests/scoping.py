"""Who sees which requests (core.scoping): through the enterprise, as enterprises are seen
(its region; the organizations covering it for a secretary; an instructor's assignments),
and through the lead unit's region. Categories, units and deadline rules are the
district's vocabulary: every business user reads them."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import CoverageLink
from liangxin.regions.models import Region
from liangxin.requests.models import (
    DeadlineRule,
    Extension,
    FollowUp,
    HandlingUnit,
    Request,
    RequestCategory,
    RequestEvent,
    RequestFile,
)


def vocabulary_rule(scope: Scope) -> Q | None:
    return None if scope.is_empty else Q()


# From a town down, a scope's enterprises are a few thousand: a set of their ids lets the
# database test each request without a join (SQLite then reads only the scope's rows through
# the request's own indexes). Above a town the set may be a million (a province) and would
# not fit PostgreSQL's memory for hashing: it would be re-read per row, so wider scopes test
# the enterprise's region id instead (regions are few). Issue 18 bench.
SMALL_SCOPE_DEPTH = 2


def in_regions(prefix: str, paths: tuple[str, ...]) -> tuple:
    """The enterprise's or the lead unit's region under ``paths`` as id sets the database
    builds once, not a path test on two more joins per request."""
    condition = prefix_q("path", paths)
    if condition is None:
        return ()
    regions = Region.objects.filter(condition)
    if all(len(path) >= SMALL_SCOPE_DEPTH * Region.steplen for path in paths):
        enterprises = Enterprise.objects.filter(region__in=regions)
        own = Q(**{f"{prefix}enterprise__in": enterprises})
    else:
        own = Q(**{f"{prefix}enterprise__region__in": regions})
    units = HandlingUnit.objects.filter(region__in=regions)
    return own, Q(**{f"{prefix}lead_unit__in": units})


def through(prefix: str):
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
        return any_of(*in_regions(prefix, scope.region_paths), covered, assigned)

    return rule


SCOPE_RULES = [
    (RequestCategory, vocabulary_rule),
    (HandlingUnit, vocabulary_rule),
    (DeadlineRule, vocabulary_rule),
    (Request, through("")),
    (RequestFile, through("request__")),
    (RequestEvent, through("request__")),
    (Extension, through("request__")),
    (FollowUp, through("request__")),
]

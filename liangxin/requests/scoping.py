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


def in_regions(prefix: str, paths: tuple[str, ...]) -> tuple:
    """The enterprise's or the lead unit's region under ``paths``, as id sets the database
    builds once (regions are few), not a path test joined per request: a town's to-dos and
    list on a province of 500,000 requests read only its rows (issue 18 bench)."""
    regions = prefix_q("path", paths)
    if regions is None:
        return ()
    regions = Region.objects.filter(regions)
    return (
        Q(**{f"{prefix}enterprise__in": Enterprise.objects.filter(region__in=regions)}),
        Q(**{f"{prefix}lead_unit__in": HandlingUnit.objects.filter(region__in=regions)}),
    )


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

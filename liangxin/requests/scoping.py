"""Who sees which requests (core.scoping): through the enterprise, as enterprises are seen
(its region; the organizations covering it for a secretary; an instructor's assignments),
and through the lead unit's region. Categories, units and deadline rules are the
district's vocabulary: every business user reads them."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.organizations.models import CoverageLink
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
        return any_of(
            prefix_q(f"{prefix}enterprise__region__path", scope.region_paths),
            prefix_q(f"{prefix}lead_unit__region__path", scope.region_paths),
            covered,
            assigned,
        )

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

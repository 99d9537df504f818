"""Who sees which campaign records (core.scoping).

A campaign (and its rounds) is seen by whoever works inside its scope: a region at or under
the campaign's, or one above it (a grid officer sees the district's round). Targets and
their progress are figures of their region: seen only by those whose scope holds that
region. Work items and round rows follow their enterprise's region, so a grid officer sees
the rows of their grid only."""

from django.db.models import Q

from liangxin.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignProgress,
    Round,
    RoundRow,
    Target,
    WorkItem,
)
from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.regions.models import Region


def _ancestor_paths(paths: tuple[str, ...]) -> set[str]:
    step = Region.steplen
    return {path[:end] for path in paths for end in range(step, len(path) + 1, step)}


def region_reach(field: str, scope: Scope) -> Q | None:
    """The region in ``field`` is inside the scope, or one of its ancestors."""
    if not scope.region_paths:
        return None
    above = Q(**{f"{field}__path__in": _ancestor_paths(scope.region_paths)})
    return any_of(prefix_q(f"{field}__path", scope.region_paths), above)


def campaign_rule(scope: Scope) -> Q | None:
    return region_reach("region", scope)


def round_rule(scope: Scope) -> Q | None:
    return region_reach("campaign__region", scope)


def target_rule(scope: Scope) -> Q | None:
    return prefix_q("region__path", scope.region_paths)


def progress_rule(scope: Scope) -> Q | None:
    return prefix_q("target__region__path", scope.region_paths)


def enterprise_rule(scope: Scope) -> Q | None:
    return prefix_q("enterprise__region__path", scope.region_paths)


def kind_rule(scope: Scope) -> Q | None:
    # The kinds are the district's reference data: every registry user reads them.
    return Q() if not scope.is_empty else None


SCOPE_RULES = [
    (CampaignKind, kind_rule),
    (Campaign, campaign_rule),
    (Target, target_rule),
    (CampaignProgress, progress_rule),
    (WorkItem, enterprise_rule),
    (Round, round_rule),
    (RoundRow, enterprise_rule),
]

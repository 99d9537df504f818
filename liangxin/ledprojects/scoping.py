"""Who sees which 领办项目 (core.scoping): a project through the region it serves or the
town that leads it (the district sees all, a town its own); milestones and results follow
their project. A 赛马 round is seen in the region that holds it, below it and above it (a town
sees its district's 擂台赛; the results inside are still filtered by project)."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.ledprojects.models import LedProject, Milestone, RaceResult, RaceRound
from liangxin.regions.models import Region


def project_q(prefix: str, scope: Scope) -> Q | None:
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        prefix_q(f"{prefix}lead_region__path", scope.region_paths),
    )


def with_ancestors(paths: tuple[str, ...]) -> set[str]:
    """The paths and every path above them: the regions a scope sits in."""
    return {
        path[:end] for path in paths for end in range(Region.steplen, len(path) + 1, Region.steplen)
    }


def round_rule(scope: Scope) -> Q | None:
    """A round held by a region in the scope or above it (a town sees its district's)."""
    if not scope.region_paths:
        return None
    return Q(region__path__in=with_ancestors(scope.region_paths)) | prefix_q(
        "region__path", scope.region_paths
    )


SCOPE_RULES = [
    (LedProject, lambda scope: project_q("", scope)),
    (Milestone, lambda scope: project_q("project__", scope)),
    (RaceResult, lambda scope: project_q("project__", scope)),
    (RaceRound, round_rule),
]

"""Who sees which 领办项目 (core.scoping): a project through the region it serves or the
town that leads it (the district sees all, a town its own); milestones and results follow
their project. The 赛马 rounds are the district's events, seen by every region scope (the
results inside them are still filtered by project)."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.ledprojects.models import LedProject, Milestone, RaceResult, RaceRound


def project_q(prefix: str, scope: Scope) -> Q | None:
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        prefix_q(f"{prefix}lead_region__path", scope.region_paths),
    )


def round_rule(scope: Scope) -> Q | None:
    return Q() if scope.region_paths else None


SCOPE_RULES = [
    (LedProject, lambda scope: project_q("", scope)),
    (Milestone, lambda scope: project_q("project__", scope)),
    (RaceResult, lambda scope: project_q("project__", scope)),
    (RaceRound, round_rule),
]

"""Who sees which records (core.scoping). A commitment or 述职 through its organization:
the region subtree the organization sits in (towns, the district) or the organization
subtree (a secretary). Member units belong to a district: only a scope that holds the
district's region itself (the district admin, a leader) reaches them, and their tasks,
progress, showcases and reviews follow."""

from django.db.models import Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.duties.models import (
    Commitment,
    DutyReport,
    MemberUnit,
    Showcase,
    ShowcaseRow,
    UnitReview,
    UnitTask,
    UnitTaskProgress,
)


def _organization_rule(scope: Scope) -> Q | None:
    return any_of(
        prefix_q("organization__region__path", scope.region_paths),
        prefix_q("organization__path", scope.organization_paths),
    )


def _region_rule(prefix: str):
    def rule(scope: Scope) -> Q | None:
        return prefix_q(f"{prefix}region__path", scope.region_paths)

    return rule


SCOPE_RULES = [
    (Commitment, _organization_rule),
    (DutyReport, _organization_rule),
    (MemberUnit, _region_rule("")),
    (UnitTask, _region_rule("unit__")),
    (UnitTaskProgress, _region_rule("task__unit__")),
    (UnitReview, _region_rule("unit__")),
    (Showcase, _region_rule("")),
    (ShowcaseRow, _region_rule("showcase__")),
]

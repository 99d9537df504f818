"""Who sees which reports (core.scoping): a report, its template and its jobs through their
region's subtree; a user without regions (a secretary, an instructor) sees none."""

from django.db.models import Q

from liangxin.annualreports.models import AnnualReport, ReportJob, ReportTemplate
from liangxin.core.scoping import Scope, prefix_q


def _rule(prefix: str):
    def rule(scope: Scope) -> Q | None:
        return prefix_q(f"{prefix}region__path", scope.region_paths)

    return rule


SCOPE_RULES = [
    (AnnualReport, _rule("")),
    (ReportTemplate, _rule("")),
    (ReportJob, _rule("report__")),
]

"""The auto item the platform answers from member development (core.checklist_sources):
"发展党员规范" (``development.no_breaks``, named by the seeded rubrics of liangxin.ratings).

An organization meets it on ``as_of`` when none of its development cases worked on this
year breaks a rule of RULES.md "Member development" — the violations this app already lists
with their sources (``checks.violations`` through ``selectors.violation_rows``: 党章, 发展党员
工作细则 and the district's configured rules). Nothing is re-implemented here.

"Worked on this year": a case with a step dated from 1 January of ``as_of``'s year to
``as_of`` (application, talk, 积极分子, 发展对象, training, 公示, 支部大会, approval, oath,
转正). An older case untouched this year was counted in its own year. What is merely due
(no talk yet a month after the application) is a reminder, not a violation, as in checks.
A step dated after ``as_of`` is read as not yet taken. An organization with no case this
year meets it: it broke nothing.

The cases of all the organizations are read in one query, as ``selectors.violation_rows``
reads them; the checks are Python (dates, working days, people), so they run per case,
never per organization, and the ids come from the cases that break a rule.
"""

import datetime

from django.db.models import Q, QuerySet

from liangxin.core.checklist_sources import ChecklistSource
from liangxin.development.checks import violations
from liangxin.development.models import DevelopmentCase
from liangxin.development.selectors import CIPHERTEXT, with_rule_data
from liangxin.rules.values import rule_values

STEP_DATES = (
    "applied_on",
    "talked_on",
    "activist_on",
    "target_on",
    "training_start_on",
    "training_end_on",
    "notice_start_on",
    "notice_end_on",
    "branch_meeting_on",
    "approved_on",
    "oath_on",
    "full_notice_start_on",
    "full_notice_end_on",
    "full_meeting_on",
    "full_approved_on",
)


def worked_on_this_year(as_of: datetime.date) -> Q:
    days = (datetime.date(as_of.year, 1, 1), as_of)
    return Q(*[Q(**{f"{field}__range": days}) for field in STEP_DATES], _connector=Q.OR)


def as_it_stood(case: DevelopmentCase, as_of: datetime.date) -> DevelopmentCase:
    """The case as recorded up to ``as_of``: a step dated later had not happened then (the
    2025 rating must not read a 2026 approval). In memory only, never saved."""
    for field in STEP_DATES:
        day = getattr(case, field)
        if day is not None and day > as_of:
            setattr(case, field, None)
    return case


def organizations_breaking_rules(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    """Ids of the organizations with a case worked on this year that breaks a rule: one query
    for every case (selectors.with_rule_data), the rules read once (rule_values)."""
    cases = DevelopmentCase.objects.filter(
        worked_on_this_year(as_of), organization__in=organizations.order_by().values("pk")
    ).defer(*CIPHERTEXT)
    values = rule_values()
    return {
        case.organization_id
        for case in with_rule_data(cases).iterator(chunk_size=2000)
        if violations(as_it_stood(case, as_of), values)
    }


def no_breaks(organizations: QuerySet, as_of: datetime.date) -> set[int]:
    """Ids of the organizations none of whose cases this year breaks a rule."""
    breaking = organizations_breaking_rules(organizations, as_of)
    return set(organizations.order_by().values_list("id", flat=True)) - breaking


SOURCES = [
    ChecklistSource(
        key="development.no_breaks",
        label="发展党员无违规",
        met=no_breaks,
        missing=(
            "本年度有发展党员程序违反规定（见发展党员的违规提示及依据）："
            "请核实并纠正记录，按规定补正程序"
        ),
    )
]

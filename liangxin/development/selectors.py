"""Reads of the development workflow: lists, violations, reminders, the four priorities."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from liangxin.core.numbers import rate
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.development.checks import Violation, violations
from liangxin.development.dates import add_months
from liangxin.development.models import CaseStatus, DevelopmentCase
from liangxin.members.models import Member, PostLevel
from liangxin.rules.values import rule_values

CIPHERTEXT = ("id_number_cipher", "phone_cipher")
# How far ahead "reaching a year" and "probation ending" look. A display window
# of the reminders page, not a number of the regulations.
REMINDER_WINDOW_DAYS = 30


def case_list(*, user) -> QuerySet:
    return scoped(
        DevelopmentCase.objects.select_related("organization", "employer").defer(*CIPHERTEXT),
        user,
    )


def case_detail(*, user, public_id) -> DevelopmentCase:
    return get_scoped_or_404(
        DevelopmentCase.objects.select_related(
            "organization",
            "organization__region",
            "employer",
            "member",
            "introducer_first",
            "introducer_second",
            "contact_first",
            "contact_second",
        ),
        user,
        public_id=public_id,
    )


def case_steps(case: DevelopmentCase) -> QuerySet:
    return case.steps.select_related("actor")


# --- violations ---------------------------------------------------------------------


def with_rule_data(queryset: QuerySet) -> QuerySet:
    """What the rule checks read, in the same query (introducers' status and flow type)."""
    return queryset.select_related("introducer_first", "introducer_second")


def violation_rows(queryset: QuerySet) -> list[tuple[DevelopmentCase, list[Violation]]]:
    """Cases that break at least one rule, with the rules. One query, rules read once.

    The checks are Python (dates, working days, people), so the filtered list is
    built here rather than in SQL; it is bounded by the cases in the user's scope.
    """
    values = rule_values()
    rows = []
    for case in with_rule_data(queryset).iterator(chunk_size=2000):
        found = violations(case, values)
        if found:
            rows.append((case, found))
    return rows


# --- reminders ----------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    key: str
    label: str
    due_label: str  # what the due date column means
    queryset: QuerySet

    def due_on(self, case: DevelopmentCase, values) -> datetime.date | None:
        return REMINDER_DUE[self.key](case, values)


REMINDER_DUE = {
    "talk_overdue": lambda case, v: (
        case.applied_on + datetime.timedelta(days=v["dev.talk_within_days"])
    ),
    "activist_year": lambda case, v: add_months(case.activist_on, v["dev.activist_months"]),
    "approval_overdue": lambda case, v: add_months(
        case.branch_meeting_on, v["dev.approval_months"]
    ),
    "probation_ending": lambda case, v: case.probation_ends_on,
}


def reminders(*, user, today: datetime.date | None = None) -> list[Reminder]:
    """The four reminder lists of the workflow, each a scoped queryset of open cases."""
    today = today or timezone.localdate()
    values = rule_values()
    open_cases = case_list(user=user).filter(status=CaseStatus.OPEN)
    ahead = today + datetime.timedelta(days=REMINDER_WINDOW_DAYS)
    return [
        Reminder(
            "talk_overdue",
            "递交申请超过一个月仍未谈话",
            "谈话期限",
            talk_overdue(open_cases, today, values),
        ),
        Reminder(
            "activist_year",
            f"入党积极分子培养满一年（含{REMINDER_WINDOW_DAYS}天内将满）",
            "满一年日期",
            activist_year(open_cases, ahead, values),
        ),
        Reminder(
            "approval_overdue",
            "支部大会后超过三个月仍未审批",
            "审批期限",
            approval_overdue(open_cases, today, values),
        ),
        Reminder(
            "probation_ending",
            f"预备期将满（{REMINDER_WINDOW_DAYS}天内）或已满仍未转正",
            "预备期满日期",
            probation_ending(open_cases, ahead),
        ),
    ]


# 发展党员工作细则 第七条: talk within a month; the last day on time is application + 30 days.
def talk_overdue(cases: QuerySet, today, values) -> QuerySet:
    limit = today - datetime.timedelta(days=values["dev.talk_within_days"])
    return cases.filter(talked_on__isnull=True, applied_on__lt=limit).order_by("applied_on", "id")


# 发展党员工作细则 第十三条: one year of training before becoming a development target.
def activist_year(cases: QuerySet, ahead, values) -> QuerySet:
    latest = add_months(ahead, -values["dev.activist_months"])
    return cases.filter(
        activist_on__isnull=False, target_on__isnull=True, activist_on__lte=latest
    ).order_by("activist_on", "id")


# 发展党员工作细则 第二十六条: approval within three months of the branch meeting.
def approval_overdue(cases: QuerySet, today, values) -> QuerySet:
    latest = add_months(today, -values["dev.approval_months"])
    return cases.filter(
        branch_meeting_on__isnull=False, approved_on__isnull=True, branch_meeting_on__lt=latest
    ).order_by("branch_meeting_on", "id")


# 党章 第七条: probation ends a year (plus any extension) after the branch meeting.
def probation_ending(cases: QuerySet, ahead) -> QuerySet:
    return cases.filter(
        member__isnull=False, full_approved_on__isnull=True, probation_ends_on__lte=ahead
    ).order_by("probation_ends_on", "id")


def case_reminders(case: DevelopmentCase, *, user) -> list[Reminder]:
    """The reminders one case appears in (for its detail page)."""
    return [r for r in reminders(user=user) if r.queryset.filter(pk=case.pk).exists()]


# --- the four priorities (四个倾斜) ---------------------------------------------------

PRIORITY_LEVELS = {
    "front_line": ("一线职工", Q(post_level=PostLevel.FRONT_LINE)),
    "technical": ("技术骨干", Q(post_level=PostLevel.TECHNICAL)),
    "management": ("经营管理骨干", Q(post_level=PostLevel.MANAGEMENT)),
    "management_or_above": (
        "经营管理骨干及以上",
        Q(post_level__in=[PostLevel.MANAGEMENT, PostLevel.EXECUTIVE]),
    ),
}


def new_members(*, user, year: int, region=None, organization=None) -> QuerySet:
    """Members admitted (入党日期) in ``year`` inside the scope, optionally one subtree."""
    queryset = scoped(Member.objects.filter(joined_on__year=year), user)
    if region is not None:
        queryset = queryset.filter(organization__region__path__startswith=region.path)
    if organization is not None:
        queryset = queryset.filter(organization__path__startswith=organization.path)
    return queryset


def four_priorities(*, user, year: int, region=None, organization=None) -> dict:
    """Shares of the year's new members by post level (DOMAIN.md §2), in one aggregate."""
    queryset = new_members(user=user, year=year, region=region, organization=organization)
    counts = queryset.aggregate(
        total=Count("id"),
        **{key: Count("id", filter=condition) for key, (_, condition) in PRIORITY_LEVELS.items()},
    )
    total = counts["total"]
    indicators = {
        key: {
            "label": label,
            "numerator": counts[key],
            "denominator": total,
            "rate": rate(counts[key], total),
        }
        for key, (label, _) in PRIORITY_LEVELS.items()
    }
    return {"year": year, "total": total, "indicators": indicators}

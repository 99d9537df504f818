"""What member development shows on the home page's work list (core.home, its to-dos:
the reminders of the workflow) and in the navigation bar (core.navigation)."""

from functools import partial

from django.urls import reverse

from liangxin.core import roles
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.development import selectors

NAV = [
    NavItem(
        label="发展党员",
        url_name="development:list",
        menu="members_work",
        order=10,
        active_namespaces=("development",),
    )
]


def acts_on_cases(user) -> bool:
    # The roles that record the steps of a case (development.services checks "members").
    return roles.can_edit(user, "members")


def reminder_cases(user, key: str):
    """The open cases of one reminder list of the workflow (selectors.reminders)."""
    return next(r.queryset for r in selectors.reminders(user=user) if r.key == key)


def case_page(case) -> str:
    return reverse("development:detail", args=[case.public_id])


def _reminder_todo(key: str, label: str, note) -> Todo:
    return Todo(
        key=f"development_{key}",
        label=label,
        items=partial(reminder_cases, key=key),
        url_name="development:reminders",
        url_query=f"kind={key}",
        item_url=case_page,
        item_note=note,
        shown_to=acts_on_cases,
    )


WINDOW = selectors.REMINDER_WINDOW_DAYS
TODOS = [
    _reminder_todo(
        "talk_overdue",
        "递交申请超过一个月仍未谈话",
        lambda case: f"{case.applied_on:%Y-%m-%d} 递交申请",
    ),
    _reminder_todo(
        "activist_year",
        f"入党积极分子培养满一年（含{WINDOW}天内将满）",
        lambda case: f"{case.activist_on:%Y-%m-%d} 确定为积极分子",
    ),
    _reminder_todo(
        "approval_overdue",
        "支部大会后超过三个月仍未审批",
        lambda case: f"{case.branch_meeting_on:%Y-%m-%d} 支部大会",
    ),
    _reminder_todo(
        "probation_ending",
        f"预备期将满（{WINDOW}天内）或已满仍未转正",
        lambda case: f"预备期 {case.probation_ends_on:%Y-%m-%d} 期满",
    ),
]

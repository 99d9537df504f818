"""What 责任落实 shows in the navigation bar (menu duty_work) and on the to-do list: the
organizations with no 述职 of last year once the rule's due day has passed."""

from django.urls import reverse

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.duties import permissions, selectors

NAV = [
    NavItem(
        label="双承诺双述职",
        url_name="duties:commitments",
        menu="duty_work",
        order=10,
        shown_to=permissions.can_read,
        active_namespaces=("duties",),
    ),
    NavItem(
        label="未述职名单",
        url_name="duties:missing",
        menu="duty_work",
        order=11,
        shown_to=permissions.can_see_missing,
    ),
    NavItem(
        label="成员单位晾晒",
        url_name="duties:units",
        menu="duty_work",
        order=12,
        shown_to=permissions.can_read_units,
    ),
]


def _missing_url(org) -> str:
    return reverse("duties:missing") + f"?region={org.region.code}"


def _note(org) -> str:
    missing = [
        label
        for reported, label in (
            (org.superior_report, selectors.MISSING_LABELS["no_superior_report"]),
            (org.members_report, selectors.MISSING_LABELS["no_members_report"]),
        )
        if not reported
    ]
    return "、".join(missing)


TODOS = [
    Todo(
        key="duties_report_overdue",
        label="上年度书记述职逾期",
        items=selectors.overdue_reports,
        url_name="duties:missing",
        item_url=_missing_url,
        item_note=_note,
        shown_to=lambda user: user.is_authenticated and user.role in permissions.KEEPERS,
    ),
]

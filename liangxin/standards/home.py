"""What checklists and inspections show in the navigation bar and on the home's to-do list."""

from django.urls import reverse

from liangxin.core import roles
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.standards import selectors

NAV = [
    NavItem(
        label="标准化建设",
        url_name="standards:index",
        menu="organization_work",
        order=50,
        divider_before=True,
        active_namespaces=("standards",),
    ),
    NavItem(label="督查检查", url_name="standards:inspections", menu="organization_work", order=60),
    NavItem(
        label="整改事项", url_name="standards:rectifications", menu="organization_work", order=70
    ),
]


def _overdue_note(rectification) -> str:
    return f"{rectification.organization.name}，期限 {rectification.due_on:%Y-%m-%d}"


TODOS = [
    Todo(
        key="rectifications_overdue",
        label="逾期未销号的整改事项",
        items=lambda user: selectors.overdue_rectifications(user),
        url_name="standards:rectifications",
        url_query="overdue=1",
        item_url=lambda rectification: reverse("standards:rectification", args=[rectification.pk]),
        item_label=lambda rectification: rectification.text[:40],
        item_note=_overdue_note,
        # Those who act on a rectification; 领导查看 reads the list, it has nothing to do.
        shown_to=lambda user: roles.can_edit(user, "organizations"),
    )
]

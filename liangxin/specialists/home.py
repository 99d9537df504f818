"""What the specialists add to the navigation (menu 助企服务) and to the to-do list: the
assignments whose tracked cadence went without a contact in its last ended period (a
specialist sees their own; the town's and district's admins every one in scope)."""

from django.urls import reverse

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.specialists import permissions, selectors

NAV = [
    NavItem(
        label="助企服务专员",
        divider_before=True,
        url_name="specialists:list",
        menu="service_work",
        order=20,
        active_namespaces=("specialists",),
    ),
    NavItem(label="专员联系记录", url_name="specialists:contacts", menu="service_work", order=21),
    NavItem(label="联系频次未落实", url_name="specialists:missed", menu="service_work", order=22),
]


def _shown(user) -> bool:
    return permissions.can_log_any(user)


TODOS = [
    Todo(
        key="specialists_missed",
        label="助企专员联系频次未落实",
        items=selectors.missed_last_period,
        url_name="specialists:missed",
        item_url=lambda a: reverse("specialists:contact-create") + f"?assignment={a.pk}",
        item_label=lambda a: f"{a.enterprise.name}（{a.specialist.name}）",
        item_note=selectors.missed_note,
        shown_to=_shown,
    )
]

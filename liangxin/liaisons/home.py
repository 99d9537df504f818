"""What the liaisons show in the navigation bar (menu 助企服务) and on the to-do list: the
policy receipts not confirmed by the enterprise's head within the goal (半日直达)."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.liaisons import permissions, selectors

NAV = [
    NavItem(
        label="政策联络员",
        divider_before=True,
        url_name="liaisons:notices",
        menu="service_work",
        order=40,
        active_namespaces=("liaisons",),
    ),
    NavItem(label="三联三会", url_name="liaisons:meetings", menu="service_work", order=41),
    NavItem(label="党员联系职工", url_name="liaisons:pairings", menu="service_work", order=42),
]


def _label(receipt) -> str:
    return f"{receipt.enterprise.name}：{receipt.notice.title}"


TODOS = [
    Todo(
        key="liaisons_receipts_overdue",
        label="政策超时未确认（半日直达）",
        items=lambda user: selectors.receipts_overdue(),
        url_name="liaisons:receipts",
        url_query="overdue=1",
        item_url=lambda receipt: reverse("liaisons:confirm", args=[receipt.pk]),
        item_label=_label,
        item_note=lambda r: f"应于 {timezone.localtime(r.due_at):%m-%d %H:%M} 前确认",
        shown_to=permissions.can_confirm,
    )
]

"""What the request loop shows in the navigation bar, on the home page and on the to-do
list: 催办 (due by the next working day), 督办 (overdue), 通报 (more than
requests.notify_late_workdays working days late), 回访 due, and the requests returned to
their submitter for more information."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.requests import notices, permissions, selectors

NAV = [
    NavItem(
        label="诉求办理",
        url_name="requests:list",
        menu="service_work",
        order=10,
        active_namespaces=("requests",),
    ),
    NavItem(
        label="逾期通报",
        url_name="requests:notices",
        menu="service_work",
        order=15,
        active_url_names=("requests:notices",),
    ),
]


def detail_page(request) -> str:
    return reverse("requests:detail", args=[request.pk])


def _label(request) -> str:
    return f"{request.number} {request.enterprise.name}"


def _due(request) -> str:
    return f"期限 {timezone.localtime(request.due_at):%Y-%m-%d}"


TODOS = [
    Todo(
        key="requests_urge",
        label="诉求即将到期（催办）",
        items=lambda user: selectors.due_soon(),
        url_name="requests:list",
        url_query="state=running",
        item_url=detail_page,
        item_label=_label,
        item_note=_due,
        shown_to=permissions.can_handle,
    ),
    Todo(
        key="requests_overdue",
        label="诉求逾期未办结（督办）",
        items=lambda user: selectors.overdue(),
        url_name="requests:list",
        url_query="overdue=1",
        item_url=detail_page,
        item_label=_label,
        item_note=_due,
        shown_to=permissions.can_handle,
    ),
    Todo(
        key="requests_notice",
        label="诉求逾期超过通报时限（逾期通报）",
        items=lambda user: notices.running_late(),
        url_name="requests:notices",
        item_url=detail_page,
        item_label=_label,
        item_note=_due,
        shown_to=permissions.can_handle,
    ),
    Todo(
        key="requests_follow_up",
        label="诉求待回访",
        items=lambda user: selectors.follow_ups_due(),
        url_name="requests:list",
        url_query="state=follow_up",
        item_url=detail_page,
        item_label=_label,
        item_note=lambda request: f"回访期限 {request.follow_up_due:%Y-%m-%d}",
        shown_to=permissions.can_handle,
    ),
    Todo(
        key="requests_returned",
        label="诉求待补充材料",
        items=lambda user: selectors.returned(),
        url_name="requests:list",
        url_query="state=returned",
        item_url=detail_page,
        item_label=_label,
        shown_to=lambda user: permissions.can_submit(user) and not permissions.can_handle(user),
    ),
]

"""What brands and 标杆 projects show in the navigation bar and on the home's to-do list."""

from django.urls import reverse

from liangxin.brands import permissions, selectors
from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="党建品牌",
        url_name="brands:list",
        menu="organization_work",
        order=80,
        divider_before=True,
        active_namespaces=("brands",),
    ),
    NavItem(label="标杆创建", url_name="brands:programmes", menu="organization_work", order=90),
]


def _note(node) -> str:
    return f"{node.project.organization.name}，时限 {node.due_on:%Y-%m-%d}，责任人 {node.owner}"


TODOS = [
    Todo(
        key="benchmark_nodes_overdue",
        label="逾期未完成的标杆创建节点",
        items=lambda user: selectors.overdue_nodes(user),
        url_name="brands:nodes",
        url_query="overdue=1",
        item_url=lambda node: reverse("brands:node", args=[node.pk]),
        item_label=lambda node: node.title[:40],
        item_note=_note,
        # Those who report a node's progress; 领导查看 reads the list, it has nothing to do.
        shown_to=permissions.can_report_progress,
    )
]

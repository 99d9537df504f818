"""What 领办项目 shows in the navigation bar (menu 责任落实) and on the to-do list: the
milestones past their due date and not done, for those who keep the projects (WORK.md §7,
issue 20: "overdue milestones on the to-do list")."""

from django.urls import reverse

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.ledprojects import permissions, selectors

NAV = [
    NavItem(
        label="领办项目",
        url_name="ledprojects:projects",
        menu="duty_work",
        order=20,
        divider_before=True,  # after 双承诺双述职 and the member units (duties, 10–12)
        active_namespaces=("ledprojects",),
        shown_to=permissions.sees_projects,
    ),
    NavItem(
        label="擂台赛",
        url_name="ledprojects:rounds",
        menu="duty_work",
        order=21,
        shown_to=permissions.sees_projects,
    ),
]


def _project_url(milestone) -> str:
    return reverse("ledprojects:project", args=[milestone.project_id])


TODOS = [
    Todo(
        key="ledprojects_overdue_milestone",
        label="领办项目节点逾期",
        items=lambda user: selectors.overdue_milestones(),
        url_name="ledprojects:projects",
        item_url=_project_url,
        item_label=lambda m: f"{m.project.title}：{m.title}",
        item_note=lambda m: f"应于 {m.due_on:%Y-%m-%d} 完成（{m.owner}）",
        shown_to=permissions.can_keep,
    ),
]

"""The party workers' entries in the navigation bar and the admins' to-do: full-time
workers in post with no work list issued for the current year (WORK.md §4, [L:张家港])."""

from django.urls import reverse

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.workforce import selectors_workers as sel

NAV = [
    NavItem(label="党务工作者", url_name="instructors:workers", menu="registry", order=53),
    NavItem(
        label="年度工作清单", url_name="instructors:worklists", menu="workforce_work", order=54
    ),
    NavItem(
        label="指导员年度考核", url_name="instructors:assessments", menu="workforce_work", order=55
    ),
]

TODOS = [
    Todo(
        key="workforce_worklists_to_issue",
        label="本年度未下达工作清单的专职党务工作者",
        items=lambda user: sel.lists_to_issue(user=user),
        url_name="instructors:worklists",
        item_url=lambda worker: reverse("instructors:worklist-create") + f"?worker={worker.pk}",
        item_label=lambda worker: worker.name,
        item_note=lambda worker: worker.station.name if worker.station_id else "",
        shown_to=sel.keeps_workers,
    )
]

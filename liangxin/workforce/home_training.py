"""The training pages in the navigation bar, and the town's to-do: new secretaries past
``training.initial_within_months`` without 初任培训 (WORK.md §4; [N] 培训规划, [L:川姜])."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.workforce import selectors_training as selectors
from liangxin.workforce.views_training import can_keep

NAV = [
    NavItem(label="党务培训", url_name="instructors:trainings", menu="workforce_work", order=58),
    NavItem(
        label="培训覆盖", url_name="instructors:training-coverage", menu="workforce_work", order=59
    ),
]


def _overdue(user):
    return selectors.initial_overdue(user=user, today=timezone.localdate())


TODOS = [
    Todo(
        key="workforce_initial_training_overdue",
        label="新任书记逾期未参加初任培训",
        items=_overdue,
        url_name="instructors:training-initial",
        item_url=lambda worker: reverse("instructors:training-person", args=[worker.pk]),
        item_label=lambda worker: worker.name,
        item_note=lambda worker: f"期限 {selectors.initial_deadline(worker.started_on):%Y-%m-%d}",
        shown_to=can_keep,
    )
]

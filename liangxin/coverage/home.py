"""What the coverage indicators show on the home page's work list (core.home: an
instructor's enterprises with a coverage gap) and in the navigation bar (core.navigation)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.core.roles import Role
from liangxin.core.scoping import user_scope
from liangxin.coverage.worklists import WORK_LISTS, work_list
from liangxin.enterprises.models import Enterprise


def sees_statistics(user) -> bool:
    # Statistics cover whole region subtrees: region-scoped roles only (coverage.access).
    return bool(user_scope(user).region_paths)


NAV = [
    NavItem(
        label="两个覆盖",
        url_name="coverage:dashboard",
        order=10,
        shown_to=sees_statistics,
        active_namespaces=("coverage",),
        icon="bi-bar-chart-line",
    )
]


# --- to-do: an instructor's enterprises on a work list -------------------------------


def is_instructor(user) -> bool:
    # Region-scoped roles work the lists on the coverage dashboard; an instructor has no
    # dashboard and sees the gaps of the enterprises assigned to them here.
    return user.is_authenticated and user.role == Role.INSTRUCTOR


def enterprises_with_gaps(user):
    """Enterprises in scope on any coverage work list, flagged with the lists they are on."""
    flags = {
        f"gap_{key}": Exists(work_list(key=key, user=user).filter(pk=OuterRef("pk")))
        for key in WORK_LISTS
    }
    any_flag = Q(*[Q(**{name: True}) for name in flags], _connector=Q.OR)
    return Enterprise.objects.annotate(**flags).filter(any_flag).order_by("name", "id")


def gap_actions(enterprise) -> str:
    actions = [
        WORK_LISTS[name.removeprefix("gap_")].action
        for name, value in vars(enterprise).items()
        if name.startswith("gap_") and value
    ]
    return "建议：" + "；".join(actions)


TODOS = [
    Todo(
        key="coverage_instructor_gaps",
        label="联系企业尚未实现党的组织覆盖或工作覆盖",
        items=enterprises_with_gaps,
        url_name="enterprises:list",
        item_url=lambda enterprise: reverse("enterprises:detail", args=[enterprise.uscc]),
        item_note=gap_actions,
        shown_to=is_instructor,
    )
]

"""What the instructor registry shows on the home page (core.home: its card, the search
source) and in the navigation bar (core.navigation)."""

from django.urls import reverse

from liangxin.core import roles
from liangxin.core.filters import person_search
from liangxin.core.home import Card, SearchSource, Todo
from liangxin.core.navigation import NavItem
from liangxin.core.pickers import or_initials
from liangxin.workforce import selectors
from liangxin.workforce.models import Instructor

CARDS = [
    Card(
        key="instructors",
        label="党建指导员",
        rows=lambda user: Instructor.objects.all(),
        url_name="instructors:list",
        icon="bi-person-badge",
    )
]


def _holds_regions(user) -> bool:
    return roles.can_view_registry(user) and user.role in roles.REGION_SCOPED


NAV = [
    NavItem(
        label="党建指导员",
        url_name="instructors:list",
        menu="registry",
        order=50,
        active_namespaces=("instructors",),
    ),
    NavItem(label="指导员走访", url_name="instructors:visits", menu="registry", order=51),
    NavItem(label="安全隐患", url_name="instructors:hazards", menu="registry", order=52),
    NavItem(
        label="队伍建设统计",
        url_name="instructors:figures",
        menu="workforce_work",
        order=90,
        shown_to=_holds_regions,
        divider_before=True,
    ),
]


def instructors_matching(user, text: str):
    instructors = Instructor.objects.select_related("region").defer(
        "id_number_cipher", "phone_cipher"
    )
    return or_initials(person_search(instructors, text), text).order_by("name", "id")


SEARCH = [
    SearchSource(
        key="instructors",
        label="党建指导员",
        matches=instructors_matching,
        result_url=lambda instructor: reverse("instructors:detail", args=[instructor.public_id]),
        result_note=lambda instructor: instructor.region.name if instructor.region_id else "",
    )
]


# --- to-dos (core.home): the instructor's visits of the period, the town's overdue work ---


def _is_instructor(user) -> bool:
    return selectors.own_instructor(user) is not None


def _keeps_instructors(user) -> bool:
    return roles.can_edit(user, "instructors")


def _visit_page(pair) -> str:
    return reverse("instructors:visit-create") + f"?enterprise={pair.enterprise_id}"


TODOS = [
    Todo(
        key="workforce_visits_due",
        label="本月待走访企业",
        items=lambda user: selectors.visits_due(user=user),
        url_name="instructors:work",
        item_url=_visit_page,
        item_label=lambda pair: pair.enterprise.name,
        shown_to=_is_instructor,
    ),
    Todo(
        key="workforce_hazards_past_due",
        label="逾期未整改隐患",
        items=lambda user: selectors.hazards_past_due(user=user),
        url_name="instructors:hazards",
        url_query="tab=overdue",
        item_url=lambda hazard: reverse("instructors:visit", args=[hazard.visit_id]),
        item_label=lambda hazard: f"{hazard.visit.enterprise.name} · {hazard.text}",
        item_note=lambda hazard: f"期限 {hazard.rectify_by:%Y-%m-%d}",
        shown_to=_keeps_instructors,
    ),
    Todo(
        key="workforce_visits_overdue",
        label="指导员走访逾期",
        items=lambda user: selectors.visits_overdue(user=user),
        url_name="instructors:assignments",
        item_label=lambda pair: f"{pair.assignment.instructor.name} · {pair.enterprise.name}",
        item_note=lambda pair: "上期未走访",
        shown_to=_keeps_instructors,
    ),
]

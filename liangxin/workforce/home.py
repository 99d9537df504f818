"""What the instructor registry shows on the home page (core.home: its card, the search
source) and in the navigation bar (core.navigation)."""

from django.urls import reverse

from liangxin.core.filters import person_search
from liangxin.core.home import Card, SearchSource
from liangxin.core.navigation import NavItem
from liangxin.core.pickers import or_initials
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

NAV = [
    NavItem(
        label="党建指导员",
        url_name="instructors:list",
        menu="registry",
        order=50,
        active_namespaces=("instructors",),
    )
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

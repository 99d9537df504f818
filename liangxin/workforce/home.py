"""What the instructor registry shows on the home page (core.home) and in the navigation
bar (core.navigation)."""

from liangxin.core.home import Card
from liangxin.core.navigation import NavItem
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

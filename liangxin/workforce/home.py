"""What the instructor registry shows on the home page (core.home)."""

from liangxin.core.home import Card
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

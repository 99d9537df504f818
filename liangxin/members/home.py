"""What the member registry shows on the home page (core.home)."""

from liangxin.core.home import Card
from liangxin.members.models import Member

CARDS = [
    Card(
        key="members",
        label="党员",
        rows=lambda user: Member.objects.all(),
        url_name="members:list",
        icon="bi-people",
    )
]

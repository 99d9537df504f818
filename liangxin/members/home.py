"""What the member registry shows on the home page (core.home) and in the navigation
bar (core.navigation)."""

from liangxin.core.home import Card
from liangxin.core.navigation import NavItem
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

NAV = [
    NavItem(
        label="党员",
        url_name="members:list",
        menu="registry",
        order=40,
        active_namespaces=("members",),
    ),
    # Work on the members, listed under 党员管理 after the other apps' work; their pages
    # are the member registry's, which marks 台账.
    NavItem(
        label="政治生日",
        url_name="members:birthdays",
        menu="members_work",
        order=50,
        divider_before=True,
    ),
    NavItem(label="党龄纪念", url_name="members:milestones", menu="members_work", order=60),
]

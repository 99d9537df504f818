"""What the member registry shows on the home page (core.home: its card, the search
source) and in the navigation bar (core.navigation)."""

from django.urls import reverse

from liangxin.core.filters import person_search
from liangxin.core.home import Card, SearchSource
from liangxin.core.navigation import NavItem
from liangxin.core.pickers import or_initials
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


def members_matching(user, text: str):
    """By name, or by the whole ID number or phone through the blind index (the search box
    posts, so a number never reaches a URL)."""
    members = Member.objects.select_related("organization").defer(
        "id_number_cipher", "phone_cipher"
    )
    return or_initials(person_search(members, text), text).order_by("name", "id")


SEARCH = [
    SearchSource(
        key="members",
        label="党员",
        matches=members_matching,
        result_url=lambda member: reverse("members:detail", args=[member.public_id]),
        result_note=lambda member: f"{member.organization.name} · {member.id_number_masked}",
    )
]

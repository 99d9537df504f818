"""What the enterprise registry shows on the home page (core.home: its card, the search
source) and in the navigation bar (core.navigation)."""

from django.urls import reverse

from liangxin.core.filters import text_search
from liangxin.core.home import Card, SearchSource
from liangxin.core.navigation import NavItem
from liangxin.core.pickers import or_initials
from liangxin.enterprises.models import Enterprise

CARDS = [
    Card(
        key="enterprises",
        label="市场主体",
        rows=lambda user: Enterprise.objects.all(),
        url_name="enterprises:list",
        icon="bi-building",
    )
]

NAV = [
    NavItem(
        label="市场主体",
        url_name="enterprises:list",
        menu="registry",
        order=20,
        active_namespaces=("enterprises",),
    )
]


def enterprises_matching(user, text: str):
    found = text_search(Enterprise.objects.all(), ["name", "uscc"], text)
    return or_initials(found, text).order_by("name", "id")


SEARCH = [
    SearchSource(
        key="enterprises",
        label="市场主体",
        matches=enterprises_matching,
        result_url=lambda enterprise: reverse("enterprises:detail", args=[enterprise.uscc]),
        result_note=lambda enterprise: enterprise.uscc,
    )
]

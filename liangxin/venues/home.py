"""What the places show on the home page (core.home: their card, the search source) and in
the navigation bar (menu 共建阵地)."""

from django.urls import reverse

from liangxin.core.filters import text_search
from liangxin.core.home import Card, SearchSource
from liangxin.core.navigation import NavItem
from liangxin.organizations.models import PartyStation

NAV = [
    NavItem(
        label="阵地",
        divider_before=True,
        url_name="venues:places",
        menu="cobuilding_work",
        order=20,
        active_namespaces=("venues",),
    ),
    NavItem(label="阵地名录", url_name="venues:directory", menu="cobuilding_work", order=21),
    NavItem(label="阵地统计", url_name="venues:figures", menu="cobuilding_work", order=22),
]

# The rows are scoped by core.home (a town counts and finds only its own places).
CARDS = [
    Card(
        key="venues",
        label="阵地",
        rows=lambda user: PartyStation.objects.all(),
        url_name="venues:places",
        icon="bi-geo-alt",
    )
]


def places_matching(user, text: str):
    """Places by name or address (a station has no initials column to search)."""
    rows = PartyStation.objects.select_related("region")
    return text_search(rows, ["name", "address"], text).order_by("name", "id")


def _note(station) -> str:
    return f"{station.region.name} · {station.address}" if station.address else station.region.name


SEARCH = [
    SearchSource(
        key="venues",
        label="阵地",
        matches=places_matching,
        result_url=lambda station: reverse("venues:place", args=[station.pk]),
        result_note=_note,
    )
]

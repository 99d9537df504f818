"""What co-building shows in the navigation bar (menu 共建阵地), on the to-do list (the
alliances with no rotating chair today, and those with no 联席会议 within the rule's
months), on the home page (a card: the pairings in being) and in the search box (pairings,
alliances and workshops by name; core.home scopes every result)."""

from django.urls import reverse

from liangxin.cobuilding import permissions, selectors
from liangxin.cobuilding.models import Alliance, Pairing, Workshop
from liangxin.core.filters import text_search
from liangxin.core.home import Card, SearchSource, Todo
from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="村企联建",
        url_name="cobuilding:pairings",
        menu="cobuilding_work",
        order=10,
        active_namespaces=("cobuilding",),
    ),
    NavItem(label="党建联盟", url_name="cobuilding:alliances", menu="cobuilding_work", order=11),
    NavItem(label="共富工坊", url_name="cobuilding:workshops", menu="cobuilding_work", order=12),
    NavItem(label="联建成效", url_name="cobuilding:figures", menu="cobuilding_work", order=13),
]


def _alliance_url(alliance) -> str:
    return reverse("cobuilding:alliance", args=[alliance.pk])


TODOS = [
    Todo(
        key="cobuilding_no_chair",
        label="党建联盟未设轮值主席",
        items=lambda user: selectors.alliances_without_chair().order_by("name"),
        url_name="cobuilding:alliances",
        item_url=_alliance_url,
        item_note=lambda a: "未设轮值主席",
        shown_to=permissions.can_keep,
    ),
    Todo(
        key="cobuilding_meeting_due",
        label="党建联盟联席会议逾期",
        items=lambda user: selectors.alliances_meeting_due().order_by("name"),
        url_name="cobuilding:alliances",
        item_url=_alliance_url,
        item_note=lambda a: "近一季度未召开联席会议",
        shown_to=permissions.can_keep,
    ),
]


CARDS = [
    Card(
        key="cobuilding_pairings",
        label="村企联建",
        rows=lambda user: Pairing.objects.filter(active=True),
        url_name="cobuilding:pairings",
        icon="bi-link-45deg",
    )
]


def pairings_matching(user, text: str):
    fields = ["enterprise__name", "organization__name", "village_name", "village_region__name"]
    rows = Pairing.objects.select_related(
        "enterprise", "organization", "village_region", "programme"
    )
    return text_search(rows, fields, text).order_by("-signed_on", "-id")


def alliances_matching(user, text: str):
    rows = Alliance.objects.select_related("region")
    return text_search(rows, ["name", "lead__name"], text).order_by("name", "id")


def workshops_matching(user, text: str):
    rows = Workshop.objects.select_related("region", "village_region")
    fields = ["name", "enterprise__name", "village_name", "village_region__name"]
    return text_search(rows, fields, text).order_by("name", "id")


def _page(name: str):
    return lambda row: reverse(f"cobuilding:{name}", args=[row.pk])


SEARCH = [
    SearchSource(
        key="cobuilding_pairings",
        label="村企联建",
        matches=pairings_matching,
        result_url=_page("pairing"),
        result_note=lambda p: p.programme.name,
    ),
    SearchSource(
        key="cobuilding_alliances",
        label="党建联盟",
        matches=alliances_matching,
        result_url=_page("alliance"),
        result_note=lambda a: a.region.name,
    ),
    SearchSource(
        key="cobuilding_workshops",
        label="共富工坊",
        matches=workshops_matching,
        result_url=_page("workshop"),
        result_note=lambda w: w.region.name,
    ),
]

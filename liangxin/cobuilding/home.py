"""What co-building shows in the navigation bar (menu 共建阵地) and on the to-do list: the
alliances with no rotating chair today, and those with no 联席会议 within the rule's months."""

from django.urls import reverse

from liangxin.cobuilding import permissions, selectors
from liangxin.core.home import Todo
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

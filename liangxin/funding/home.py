"""What the funds show in the navigation bar (menu 共建阵地): to district and town admins
and leaders (leaders read only); the allocations also to secretaries (their own)."""

from liangxin.core.navigation import NavItem
from liangxin.funding import permissions

NAV = [
    # 经费拨付 first: the secretary sees only it, and the divider goes with it.
    NavItem(
        label="经费拨付",
        divider_before=True,
        url_name="funding:allocations",
        menu="cobuilding_work",
        order=30,
        shown_to=permissions.can_read_allocations,
        active_namespaces=("funding",),
    ),
    NavItem(
        label="经费规则",
        url_name="funding:rules",
        menu="cobuilding_work",
        order=31,
        shown_to=permissions.can_read,
    ),
    NavItem(
        label="经费汇总",
        url_name="funding:summary",
        menu="cobuilding_work",
        order=32,
        shown_to=permissions.can_read,
    ),
]

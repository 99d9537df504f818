"""The 统计报告 menu's entry for the 党内统计 forms."""

from liangxin.core.navigation import NavItem
from liangxin.statforms import permissions

NAV = [
    NavItem(
        label="党内统计年报",
        url_name="statforms:forms",
        menu="report_work",
        order=10,
        shown_to=permissions.can_view,
        active_namespaces=("statforms",),
    ),
]

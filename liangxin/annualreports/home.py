"""What the annual report shows in the navigation bar (menu 统计报告)."""

from liangxin.annualreports import permissions
from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="年度工作报告",
        url_name="annualreports:reports",
        menu="report_work",
        order=20,
        shown_to=permissions.can_read,
        active_namespaces=("annualreports",),
    ),
]

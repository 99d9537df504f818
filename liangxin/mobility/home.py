"""What mobile members and transfers show in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="流动党员与组织关系转接",
        url_name="mobility:overview",
        menu="members_work",
        order=20,
        active_namespaces=("mobility",),
    )
]

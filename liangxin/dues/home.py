"""What Party dues show in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="党费",
        url_name="dues:months",
        menu="members_work",
        order=30,
        active_namespaces=("dues",),
    )
]

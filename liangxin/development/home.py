"""What member development shows in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="发展党员",
        url_name="development:list",
        menu="members_work",
        order=10,
        active_namespaces=("development",),
    )
]

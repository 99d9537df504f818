"""What vanguard posts and teams show in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="先锋岗与队伍",
        url_name="posts:list",
        menu="members_work",
        order=40,
        active_namespaces=("posts",),
    )
]

"""What the rule catalog shows in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="规则参数",
        url_name="rules:list",
        menu="tools",
        order=30,
        active_namespaces=("rules",),
    ),
    NavItem(label="工作日历", url_name="rules:calendar", menu="tools", order=31),
]

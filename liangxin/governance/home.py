"""What governance shows in the navigation bar (menu 组织建设)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="班子与双向进入",
        url_name="governance:organizations",
        menu="organization_work",
        order=80,
        active_namespaces=("governance",),
    ),
]

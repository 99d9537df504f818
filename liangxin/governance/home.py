"""What governance shows in the navigation bar (menu 组织建设)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="班子与双向进入",
        url_name="governance:organizations",
        menu="organization_work",
        # After organization life (10–40), its own group before 标准化建设 (50).
        order=45,
        divider_before=True,
        active_namespaces=("governance",),
    ),
]

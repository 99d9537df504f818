"""What the ledger import and export shows in the navigation bar (core.navigation)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="台账导入导出",
        url_name="ledger:home",
        menu="tools",
        order=10,
        active_namespaces=("ledger",),
    )
]

"""What the places show in the navigation bar (menu 共建阵地)."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="阵地",
        divider_before=True,
        url_name="venues:places",
        menu="cobuilding_work",
        order=20,
        active_namespaces=("venues",),
    ),
    NavItem(label="阵地名录", url_name="venues:directory", menu="cobuilding_work", order=21),
    NavItem(label="阵地统计", url_name="venues:figures", menu="cobuilding_work", order=22),
]

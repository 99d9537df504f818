"""The three lists' links in the 助企服务 menu."""

from liangxin.core.navigation import NavItem

NAV = [
    NavItem(
        label="需求清单",
        url_name="servicelists:needs",
        menu="service_work",
        order=30,
        divider_before=True,
        active_namespaces=("servicelists",),
    ),
    NavItem(label="资源清单", url_name="servicelists:resources", menu="service_work", order=31),
    NavItem(label="服务菜单", url_name="servicelists:menu", menu="service_work", order=32),
    NavItem(label="阵地活动", url_name="servicelists:activities", menu="service_work", order=33),
    NavItem(label="服务活动", url_name="servicelists:events", menu="service_work", order=34),
    NavItem(label="清单统计", url_name="servicelists:figures", menu="service_work", order=35),
]

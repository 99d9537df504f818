"""The three lists' links in the 助企服务 menu, and the needs waiting for a match on the
keepers' to-do list."""

from django.urls import reverse

from liangxin.core.home import Todo
from liangxin.core.navigation import NavItem
from liangxin.servicelists import permissions
from liangxin.servicelists.models import Need, NeedState

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

TODOS = [
    Todo(
        key="servicelists_open_needs",
        label="需求待对接",
        items=lambda user: Need.objects.filter(state=NeedState.OPEN).order_by("received_on"),
        url_name="servicelists:needs",
        url_query="state=open",
        item_url=lambda need: reverse("servicelists:need", args=[need.pk]),
        item_label=lambda need: f"{need.requester_name}：{need.item}",
        item_note=lambda need: f"提出于 {need.received_on:%Y-%m-%d}",
        shown_to=permissions.can_keep,
    ),
    Todo(
        key="servicelists_undelivered",
        label="已对接待登记服务",
        items=lambda user: Need.objects.filter(state=NeedState.MATCHED).order_by("received_on"),
        url_name="servicelists:needs",
        url_query="state=matched",
        item_url=lambda need: reverse("servicelists:need", args=[need.pk]),
        item_label=lambda need: f"{need.requester_name}：{need.item}",
        shown_to=permissions.can_keep,
    ),
]

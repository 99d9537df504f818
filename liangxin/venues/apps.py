from django.apps import AppConfig


class VenuesConfig(AppConfig):
    """党群服务中心、党建工作站、邻里中心等阵地 (WORK.md §6)."""

    name = "liangxin.venues"
    label = "venues"
    verbose_name = "阵地"
    url_prefix = "venues/"

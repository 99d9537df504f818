from django.apps import AppConfig


class CobuildingConfig(AppConfig):
    """村企联建、党建联盟、共富工坊与山海协作 (WORK.md §6)."""

    name = "liangxin.cobuilding"
    label = "cobuilding"
    verbose_name = "联建共建"
    url_prefix = "cobuilding/"

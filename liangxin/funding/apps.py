from django.apps import AppConfig


class FundingConfig(AppConfig):
    """经费规则、拨付、支出、党费拨返与企业党建经费 (WORK.md §6)."""

    name = "liangxin.funding"
    label = "funding"
    verbose_name = "党建经费"
    url_prefix = "funding/"

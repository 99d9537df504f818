from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "liangxin.ledger"
    verbose_name = "台账导入导出"
    url_prefix = "ledger/"

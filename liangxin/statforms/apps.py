from django.apps import AppConfig


class StatformsConfig(AppConfig):
    """党内统计年报表：非公有制企业与社会组织 (WORK.md §7)."""

    name = "liangxin.statforms"
    label = "statforms"
    verbose_name = "党内统计年报"
    url_prefix = "statforms/"

    def ready(self):
        pass

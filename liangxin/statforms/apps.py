from django.apps import AppConfig

from liangxin.core.contributions import contribute


class StatformsConfig(AppConfig):
    """党内统计年报表：非公有制企业与社会组织 (WORK.md §7)."""

    name = "liangxin.statforms"
    label = "statforms"
    verbose_name = "党内统计年报"
    url_prefix = "statforms/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.statforms import home, models, scoping

        auditlog.register(models.StatReturn)
        contribute(self, scope_rules=scoping.SCOPE_RULES, navigation=home.NAV)

from django.apps import AppConfig
from django.core import checks

from liangxin.core.contributions import contribute


class RulesConfig(AppConfig):
    name = "liangxin.rules"
    verbose_name = "规则参数"
    url_prefix = "rules/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.rules import catalog, home, labels
        from liangxin.rules.models import CalendarDay, RuleSetting

        auditlog.register(RuleSetting)
        auditlog.register(CalendarDay)
        checks.register(catalog.check_unique_keys)

        contribute(self, navigation=home.NAV, rules=labels.LABELS)

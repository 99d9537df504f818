from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "liangxin.rules"
    verbose_name = "规则参数"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.rules.models import RuleSetting

        auditlog.register(RuleSetting)

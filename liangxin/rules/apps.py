from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "liangxin.rules"
    verbose_name = "规则参数"
    url_prefix = "rules/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.rules.models import RuleSetting

        auditlog.register(RuleSetting)

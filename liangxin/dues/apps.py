from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "liangxin.dues"
    verbose_name = "党费"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.dues.models import DuesBase, DuesMonth

        auditlog.register(DuesBase)
        auditlog.register(DuesMonth)

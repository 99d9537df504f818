from django.apps import AppConfig

from liangxin.core.contributions import contribute


class DuesConfig(AppConfig):
    name = "liangxin.dues"
    verbose_name = "党费"
    url_prefix = "dues/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.dues import checklist, home, ledger, rules, scoping
        from liangxin.dues.models import DuesBase, DuesMonth

        auditlog.register(DuesBase)
        auditlog.register(DuesMonth)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            ledger_kinds=ledger.KINDS,
            navigation=home.NAV,
            todos=home.TODOS,
            checklist_sources=checklist.SOURCES,
        )

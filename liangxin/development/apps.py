from django.apps import AppConfig

from liangxin.core.contributions import contribute


class DevelopmentConfig(AppConfig):
    name = "liangxin.development"
    verbose_name = "发展党员"
    url_prefix = "development/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.development import checklist, conflicts, home, rules, scoping
        from liangxin.development.models import CaseStep, DevelopmentCase

        # Ciphertext stays out of the change history, as for members.
        auditlog.register(DevelopmentCase, exclude_fields=DevelopmentCase.PII_AUDIT_EXCLUDE)
        auditlog.register(CaseStep)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            id_number_holders=conflicts.HOLDERS,
            navigation=home.NAV,
            todos=home.TODOS,
            checklist_sources=checklist.SOURCES,
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class MobilityConfig(AppConfig):
    name = "liangxin.mobility"
    verbose_name = "流动党员与组织关系转接"
    url_prefix = "mobility/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.mobility import home, ledger, models, pickers, rules, schedule, scoping

        auditlog.register(models.DualManagementAgreement)
        auditlog.register(models.ContactLog)
        auditlog.register(models.MobileProfile)
        # Ciphertext never enters the change history; the masked form does.
        auditlog.register(models.InflowPerson, exclude_fields=models.InflowPerson.PII_AUDIT_EXCLUDE)
        auditlog.register(models.InflowRegistration)
        auditlog.register(models.Transfer)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            ledger_kinds=ledger.KINDS,
            scheduled_jobs=schedule.JOBS,
            navigation=home.NAV,
            todos=home.TODOS,
            pickers=pickers.PICKERS,
        )

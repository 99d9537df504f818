from django.apps import AppConfig

from liangxin.core.contributions import contribute


class MembersConfig(AppConfig):
    name = "liangxin.members"
    verbose_name = "党员"
    url_prefix = "members/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.members import home, ledger, pickers, rules, scoping
        from liangxin.members.models import Member

        # Ciphertext columns stay out of the change history; the masked form and
        # the blind index show that a number changed without revealing it.
        auditlog.register(Member, exclude_fields=[*Member.PII_AUDIT_EXCLUDE, "name_initials"])

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            dashboard_cards=home.CARDS,
            navigation=home.NAV,
            ledger_kinds=ledger.KINDS,
            search=home.SEARCH,
            pickers=pickers.PICKERS,
        )

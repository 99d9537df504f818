from django.apps import AppConfig

from liangxin.core.contributions import contribute


class OrganizationsConfig(AppConfig):
    name = "liangxin.organizations"
    verbose_name = "党组织"
    url_prefix = "organizations/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.organizations import home, ledger, pickers, rules, scoping
        from liangxin.organizations.models import PartyOrganization, PartyStation

        auditlog.register(
            PartyOrganization,
            m2m_fields={"covered_enterprises"},
            exclude_fields=["name_initials"],  # follows the name (core.pinyin)
        )
        auditlog.register(PartyStation, m2m_fields={"organizations"})

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            dashboard_cards=home.CARDS,
            navigation=home.NAV,
            ledger_kinds=ledger.KINDS,
            todos=home.TODOS,
            search=home.SEARCH,
            pickers=pickers.PICKERS,
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class EnterprisesConfig(AppConfig):
    name = "liangxin.enterprises"
    verbose_name = "市场主体"
    url_prefix = "enterprises/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.enterprises import home, ledger, pickers, scoping
        from liangxin.enterprises.models import Enterprise

        # The pickers' pinyin initials follow the name and say nothing more (core.pinyin).
        auditlog.register(Enterprise, m2m_fields={"tags"}, exclude_fields=["name_initials"])

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            dashboard_cards=home.CARDS,
            navigation=home.NAV,
            ledger_kinds=ledger.KINDS,
            search=home.SEARCH,
            pickers=pickers.PICKERS,
        )

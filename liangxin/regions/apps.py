from django.apps import AppConfig

from liangxin.core.contributions import contribute


class RegionsConfig(AppConfig):
    name = "liangxin.regions"
    verbose_name = "区域"
    url_prefix = "regions/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.regions import home, ledger, pickers, scoping
        from liangxin.regions.models import Region

        # Region edits through pages and the API reach the change history as every
        # other registry's do (it was never registered). The tree bookkeeping columns
        # change on every insert below a region and say nothing to a reader.
        auditlog.register(Region, exclude_fields=["path", "depth", "numchild", "name_initials"])

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            dashboard_cards=home.CARDS,
            navigation=home.NAV,
            ledger_kinds=ledger.KINDS,
            pickers=pickers.PICKERS,
        )

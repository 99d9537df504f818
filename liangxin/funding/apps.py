from django.apps import AppConfig

from liangxin.core.contributions import contribute


class FundingConfig(AppConfig):
    """经费规则、拨付、支出、党费拨返与企业党建经费 (WORK.md §6)."""

    name = "liangxin.funding"
    label = "funding"
    verbose_name = "党建经费"
    url_prefix = "funding/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.funding import demo, home, models, rules, scoping

        for model in (
            models.ExpenseCategory,
            models.FundingRule,
            models.FundingRuleVersion,
            models.Budget,
            models.Allocation,
            models.AllocationEvent,
            models.Expense,
            models.ExpenseReceipt,
            models.EnterpriseFunding,
            models.DuesRefund,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            navigation=home.NAV,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class GovernanceConfig(AppConfig):
    """党组织班子成员、双向进入交叉任职与党建入章 (WORK.md §7)."""

    name = "liangxin.governance"
    label = "governance"
    verbose_name = "班子与治理"
    url_prefix = "governance/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.governance import demo, home, models, scoping

        auditlog.register(models.CommitteeMember)
        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class DutiesConfig(AppConfig):
    """双承诺双述职、成员单位任务与晾晒会、年终述职 (WORK.md §7)."""

    name = "liangxin.duties"
    label = "duties"
    verbose_name = "双承诺双述职与成员单位晾晒"
    url_prefix = "duties/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.duties import demo, home, models, rules, scoping

        for model in (
            models.Commitment,
            models.DutyReport,
            models.MemberUnit,
            models.UnitTask,
            models.UnitTaskProgress,
            models.Showcase,
            models.ShowcaseRow,
            models.UnitReview,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

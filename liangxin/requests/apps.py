from django.apps import AppConfig

from liangxin.core.contributions import contribute


class RequestsConfig(AppConfig):
    """助企服务诉求: the closed loop of an enterprise's request (WORK.md §5)."""

    name = "liangxin.requests"
    label = "requests"
    verbose_name = "助企服务"
    url_prefix = "requests/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.requests import checklist, demo, home, models, rules, scoping

        for model in (
            models.RequestCategory,
            models.HandlingUnit,
            models.DeadlineRule,
            models.Request,
            models.RequestFile,
            models.Extension,
            models.FollowUp,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            checklist_sources=checklist.SOURCES,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

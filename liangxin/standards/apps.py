from django.apps import AppConfig

from liangxin.core.contributions import contribute


class StandardsConfig(AppConfig):
    """标准化规范化: versioned checklists (五有, 五到位, 六有), inspections and rectifications."""

    name = "liangxin.standards"
    verbose_name = "标准化建设与督查"
    url_prefix = "standards/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.standards import auto, home, models, scoping

        for model in (
            models.ChecklistTemplate,
            models.ChecklistItem,
            models.ChecklistResult,
            models.ItemResult,
            models.ItemEvidence,
            models.Inspection,
            models.Finding,
            models.Rectification,
            models.RectificationEvidence,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            checklist_sources=auto.SOURCES,
            navigation=home.NAV,
            todos=home.TODOS,
            versioned_apps=[self.label],
        )

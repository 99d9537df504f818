from django.apps import AppConfig

from liangxin.core.contributions import contribute


class BrandsConfig(AppConfig):
    """党建品牌与标杆: 一企一品/一业一品/一域一品 brands, "151"-style 标杆 (WORK.md §3)."""

    name = "liangxin.brands"
    verbose_name = "党建品牌与标杆"
    url_prefix = "brands/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.brands import home, models, scoping

        for model in (
            models.Brand,
            models.BrandEvidence,
            models.BrandEvent,
            models.Programme,
            models.ProgrammeTier,
            models.BenchmarkProject,
            models.ProjectEvent,
            models.ProjectNode,
            models.NodeEvidence,
            models.NodeEvent,
        ):
            auditlog.register(model, m2m_fields={"holders"} if model is models.Brand else None)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            versioned_apps=[self.label],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class VenuesConfig(AppConfig):
    """党群服务中心、党建工作站、邻里中心等阵地 (WORK.md §6)."""

    name = "liangxin.venues"
    label = "venues"
    verbose_name = "阵地"
    url_prefix = "venues/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.venues import demo, home, models, scoping

        for model in (
            models.VenueKind,
            models.VenueLevel,
            models.VenueProfile,
            models.VenueCheck,
            models.VenueCheckItem,
        ):
            auditlog.register(model)
        auditlog.register(models.VenueStandard, m2m_fields={"kinds"})

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            dashboard_cards=home.CARDS,
            search=home.SEARCH,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

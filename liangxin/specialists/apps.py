from django.apps import AppConfig

from liangxin.core.contributions import contribute


class SpecialistsConfig(AppConfig):
    """助企服务专员与网格连企 (WORK.md §5): specialists assigned to key enterprises, the cadences a
    district configures, and the contacts they log."""

    name = "liangxin.specialists"
    label = "specialists"
    verbose_name = "助企服务专员"
    url_prefix = "specialists/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.specialists import demo, home, models, pickers, scoping

        for model in (
            models.SpecialistTeam,
            models.Specialist,
            models.Assignment,
            models.Cadence,
            models.Contact,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            pickers=pickers.PICKERS,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class ServicelistsConfig(AppConfig):
    """三张清单 and the service menu (WORK.md §5 [L:泉州]): resources, needs and services matched;
    activities of centres and stations; service events (高校行, 招商推介会 …) with outcomes."""

    name = "liangxin.servicelists"
    label = "servicelists"
    verbose_name = "三张清单"
    url_prefix = "service-lists/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.servicelists import demo, home, models, scoping

        for model in (
            models.Resource,
            models.ServiceItem,
            models.Need,
            models.Match,
            models.ServiceRecord,
            models.ActivityType,
            models.EventType,
            models.EventOutcome,
        ):
            auditlog.register(model)
        auditlog.register(models.Activity, m2m_fields={"members"})
        auditlog.register(models.Event, m2m_fields={"enterprises"})

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

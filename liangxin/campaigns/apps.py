from django.apps import AppConfig

from liangxin.core.contributions import contribute


class CampaignsConfig(AppConfig):
    """双覆盖百日攻坚、一户一表摸底排查等专项行动 (WORK.md §6)."""

    name = "liangxin.campaigns"
    label = "campaigns"
    verbose_name = "专项行动"
    url_prefix = "campaigns/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.campaigns import demo, home, models, schedule, scoping

        for model in (
            models.CampaignKind,
            models.Campaign,
            models.Target,
            models.WorkItem,
            models.CampaignProgress,
            models.Round,
            models.RoundRow,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            scheduled_jobs=schedule.JOBS,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class LedprojectsConfig(AppConfig):
    """领办项目：牵头领导或单位、目标、节点、赛马与擂台赛 (WORK.md §7)."""

    name = "liangxin.ledprojects"
    label = "ledprojects"
    verbose_name = "领办项目"
    url_prefix = "ledprojects/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.ledprojects import demo, home, models, scoping

        for model in (models.LedProject, models.Milestone, models.RaceRound, models.RaceResult):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class RatingsConfig(AppConfig):
    """评星定级, 分类定级 (WORK.md §3): versioned rubrics, rating cycles, results."""

    name = "liangxin.ratings"
    verbose_name = "评星定级"
    url_prefix = "ratings/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.ratings import home, models, scoping

        for model in (
            models.Rubric,
            models.Dimension,
            models.Item,
            models.VetoItem,
            models.Band,
            models.SatisfactionCap,
            models.DistributionCap,
            models.RatingCycle,
            models.Rating,
            models.ItemScore,
            models.VetoAnswer,
            models.Objection,
            models.RatingChange,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            dashboard_cards=home.CARDS,
            versioned_apps=[self.label],
        )

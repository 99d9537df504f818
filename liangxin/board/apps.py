from django.apps import AppConfig

from liangxin.core.contributions import contribute


class BoardConfig(AppConfig):
    """比学赶超跑道: boards ranked by weighted indicators and their 晾晒会 snapshots."""

    name = "liangxin.board"
    verbose_name = "比学赶超跑道"
    url_prefix = "board/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.board import home, models, scoping

        for model in (models.Board, models.BoardIndicator, models.BoardSnapshot):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            navigation=home.NAV,
            dashboard_cards=home.CARDS,
            versioned_apps=[self.label],
        )

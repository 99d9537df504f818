from django.apps import AppConfig

from liangxin.core.contributions import contribute


class CobuildingConfig(AppConfig):
    """村企联建、党建联盟、共富工坊与山海协作 (WORK.md §6)."""

    name = "liangxin.cobuilding"
    label = "cobuilding"
    verbose_name = "联建共建"
    url_prefix = "cobuilding/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.cobuilding import demo, home, models, rules, scoping

        for model in (
            models.Programme,
            models.OutcomeType,
            models.WorkshopType,
            models.AllianceKind,
            models.Pairing,
            models.Alliance,
            models.AllianceMember,
            models.ChairTerm,
            models.JointMeeting,
            models.MeetingIssue,
            models.Workshop,
            models.WorkshopFigure,
            models.Outcome,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            dashboard_cards=home.CARDS,
            search=home.SEARCH,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class LiaisonsConfig(AppConfig):
    """政策联络员 notices, 三联三会 links and meetings, and 党员联系职工 pairings (WORK.md §5)."""

    name = "liangxin.liaisons"
    label = "liaisons"
    verbose_name = "联络与结对"
    url_prefix = "liaisons/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.liaisons import demo, home, models, rules, scoping

        for model in (
            models.PolicyLiaison,
            models.PolicyNotice,
            models.NoticeReceipt,
            models.LiaisonLink,
            models.LiaisonMeeting,
            models.MemberStaffLink,
            models.StaffProblem,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            navigation=home.NAV,
            todos=home.TODOS,
            versioned_apps=[self.label],
            demo_seeders=[demo.seed],
        )

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class LifeConfig(AppConfig):
    """组织生活: 三会一课, 主题党日, 组织生活会, 民主评议, 谈心谈话 and their compliance."""

    name = "liangxin.life"
    verbose_name = "组织生活"
    url_prefix = "life/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.life import checklist, home, ledger, models, rules, scoping

        for model in (
            models.Meeting,
            models.Attendance,
            models.Decision,
            models.MeetingFile,
            models.QuorumExclusion,
            models.StudyGuide,
            models.Talk,
            models.Appraisal,
            models.CorrectionCase,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            rules=rules.RULES,
            navigation=home.NAV,
            todos=home.TODOS,
        )
        contribute(self, ledger_kinds=ledger.KINDS)
        contribute(self, checklist_sources=checklist.SOURCES)

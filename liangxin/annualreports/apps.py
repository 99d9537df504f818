from django.apps import AppConfig

from liangxin.core.contributions import contribute


class AnnualreportsConfig(AppConfig):
    """年度党建工作报告：Word 与 PDF，按模板生成 (WORK.md §7)."""

    name = "liangxin.annualreports"
    label = "annualreports"
    verbose_name = "年度工作报告"
    url_prefix = "annualreports/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.annualreports import home, models, scoping

        for model in (models.ReportTemplate, models.AnnualReport, models.ReportJob):
            auditlog.register(model)

        contribute(self, scope_rules=scoping.SCOPE_RULES, navigation=home.NAV)

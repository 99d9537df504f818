from django.apps import AppConfig


class AnnualreportsConfig(AppConfig):
    """年度党建工作报告：Word 与 PDF，按模板生成 (WORK.md §7)."""

    name = "liangxin.annualreports"
    label = "annualreports"
    verbose_name = "年度工作报告"
    url_prefix = "annualreports/"

    def ready(self):
        pass

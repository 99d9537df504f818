from django.apps import AppConfig


class StandardsConfig(AppConfig):
    """标准化规范化: versioned checklists (五有, 五到位, 六有), inspections and rectifications."""

    name = "liangxin.standards"
    verbose_name = "标准化建设与督查"
    url_prefix = "standards/"

    def ready(self):
        pass

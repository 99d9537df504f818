from django.apps import AppConfig


class LifeConfig(AppConfig):
    """组织生活: 三会一课, 主题党日, 组织生活会, 民主评议, 谈心谈话 and their compliance."""

    name = "liangxin.life"
    verbose_name = "组织生活"
    url_prefix = "life/"

    def ready(self):
        pass

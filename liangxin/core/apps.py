from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liangxin.core"
    verbose_name = "基础"

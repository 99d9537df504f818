from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "liangxin.regions"
    verbose_name = "区域"

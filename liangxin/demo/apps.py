from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (``manage.py seed_demo``); stands above every other app."""

    name = "liangxin.demo"
    verbose_name = "演示数据"

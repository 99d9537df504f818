from django.apps import AppConfig


class DutiesConfig(AppConfig):
    """双承诺双述职、成员单位任务与晾晒会、年终述职 (WORK.md §7)."""

    name = "liangxin.duties"
    label = "duties"
    verbose_name = "双承诺双述职与成员单位晾晒"
    url_prefix = "duties/"

    def ready(self):
        pass

from django.apps import AppConfig


class LedprojectsConfig(AppConfig):
    """领办项目：牵头领导或单位、目标、节点、赛马与擂台赛 (WORK.md §7)."""

    name = "liangxin.ledprojects"
    label = "ledprojects"
    verbose_name = "领办项目"
    url_prefix = "ledprojects/"

    def ready(self):
        pass

from django.apps import AppConfig


class LiaisonsConfig(AppConfig):
    """政策联络员 notices, 三联三会 links and meetings, and 党员联系职工 pairings (WORK.md §5)."""

    name = "liangxin.liaisons"
    label = "liaisons"
    verbose_name = "联络与结对"
    url_prefix = "liaisons/"

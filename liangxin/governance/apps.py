from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """党组织班子成员、双向进入交叉任职与党建入章 (WORK.md §7)."""

    name = "liangxin.governance"
    label = "governance"
    verbose_name = "班子与治理"
    url_prefix = "governance/"

    def ready(self):
        pass

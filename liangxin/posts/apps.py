from django.apps import AppConfig

from liangxin.core.contributions import contribute


class PostsConfig(AppConfig):
    name = "liangxin.posts"
    verbose_name = "党员先锋岗与队伍"
    url_prefix = "posts/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.posts import home, scoping
        from liangxin.posts.models import PostAssignment, Team, TeamMembership

        auditlog.register(PostAssignment)
        auditlog.register(Team)
        auditlog.register(TeamMembership)

        contribute(self, scope_rules=scoping.SCOPE_RULES, navigation=home.NAV)

from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "liangxin.posts"
    verbose_name = "党员先锋岗与队伍"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.posts.models import PostAssignment

        auditlog.register(PostAssignment)

from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "liangxin.posts"
    verbose_name = "党员先锋岗与队伍"

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class AccountsConfig(AppConfig):
    name = "liangxin.accounts"
    verbose_name = "账号与权限"
    url_prefix = ""

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.accounts import home
        from liangxin.accounts.models import User

        auditlog.register(
            User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"regions", "organizations"},
        )

        contribute(self, navigation=home.NAV)

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "liangxin.audit"
    verbose_name = "审计"

    def ready(self):
        # Login, logout and failed logins (django-axes lockouts included), and the
        # chain link of every LogEntry django-auditlog writes through save().
        from liangxin.audit import signals  # noqa: F401

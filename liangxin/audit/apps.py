from django.apps import AppConfig

from liangxin.core.contributions import contribute


class AuditConfig(AppConfig):
    name = "liangxin.audit"
    verbose_name = "审计"
    url_prefix = "audit/"

    def ready(self):
        # Login, logout and failed logins (django-axes lockouts included), and the
        # chain link of every LogEntry django-auditlog writes through save().
        from liangxin.audit import chain, home, signals  # noqa: F401

        # Every LogEntry written by hand (core.audit.write_entries) is linked here.
        contribute(self, audit_sinks=[chain.append], navigation=home.NAV)

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from liangxin.core.contributions import contribute


def _install_fact_triggers(sender, using, **kwargs):
    from django.db import connections

    from liangxin.coverage import facts

    facts.install(connections[using])


class CoverageConfig(AppConfig):
    name = "liangxin.coverage"
    verbose_name = "两个覆盖"
    url_prefix = "dashboard/"

    def ready(self):
        from liangxin.coverage import checklist, home, schedule

        contribute(
            self,
            scheduled_jobs=schedule.JOBS,
            navigation=home.NAV,
            todos=home.TODOS,
            checklist_sources=checklist.SOURCES,
        )

        # After every migrate: SQLite drops a table's triggers when a migration rebuilds it.
        post_migrate.connect(_install_fact_triggers, sender=self)

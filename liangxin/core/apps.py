from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_version_triggers(sender, using, **kwargs):
    from django.db import connections

    from liangxin.core import data_version

    data_version.install(connections[using])


class CoreConfig(AppConfig):
    name = "liangxin.core"
    verbose_name = "基础"

    def ready(self):
        # After every migrate (and flush): SQLite drops a table's triggers when a
        # migration rebuilds it, and a flush empties the version row's table.
        post_migrate.connect(_install_version_triggers, sender=self)

from django.apps import AppConfig

from liangxin.core.contributions import contribute


class LedgerConfig(AppConfig):
    name = "liangxin.ledger"
    verbose_name = "台账导入导出"
    url_prefix = "ledger/"

    def ready(self):
        from django.core import checks

        from liangxin.ledger import home, schedule
        from liangxin.ledger.kinds import check_kind_names

        contribute(self, scheduled_jobs=schedule.JOBS, navigation=home.NAV)

        # The kinds come from the apps' own ready(); all of them are in once apps are
        # ready, which is when system checks run.
        checks.register(check_kind_names)

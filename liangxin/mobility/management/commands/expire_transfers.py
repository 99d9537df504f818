"""Store 过期 on transfer letters past their validity (run daily; the pages compute it anyway)."""

from django.core.management.base import BaseCommand

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.mobility.services import transfers_expire


class Command(BaseCommand):
    help = "将超过有效期仍未接收的组织关系介绍信标记为“过期”"

    def handle(self, *args, **options):
        with audit_context(None, channel=CHANNEL_COMMAND):
            count = transfers_expire()
        self.stdout.write(f"已标记过期介绍信 {count} 份")

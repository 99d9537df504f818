"""Check or rebuild the trigger-kept unit facts the coverage indicators read."""

import time

from django.core.management.base import BaseCommand, CommandError

from liangxin.coverage import facts


class Command(BaseCommand):
    help = "核对或重建单位覆盖事实（由数据库触发器维护，统计指标据此计算）"

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true", help="与原始数据逐单位核对")
        action.add_argument("--rebuild", action="store_true", help="重装触发器并全部重算")

    def handle(self, *args, check=False, rebuild=False, **options):
        started = time.monotonic()
        if rebuild:
            facts.install()
            rows = facts.rebuild()
            self.stdout.write(f"已重算 {rows:,} 个单位的覆盖事实，用时 {_since(started)}。")
            return
        missing = facts.missing_triggers()
        if missing:
            raise CommandError(f"缺少触发器：{'、'.join(missing)}；请运行 --rebuild")
        wrong = facts.discrepancies()
        if wrong:
            shown = "、".join(str(unit) for unit in wrong)
            raise CommandError(f"覆盖事实与原始数据不一致（单位 id：{shown}）；请运行 --rebuild")
        self.stdout.write(f"覆盖事实与原始数据一致（用时 {_since(started)}）。")


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} 秒"

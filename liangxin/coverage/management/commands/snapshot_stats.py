from django.core.management.base import BaseCommand

from liangxin.coverage.definitions import CATEGORIES
from liangxin.coverage.services import snapshot_take


class Command(BaseCommand):
    help = "生成本月各区域两个覆盖指标快照（同月重复运行会覆盖本月快照，不会重复）。"

    def add_arguments(self, parser):
        parser.add_argument("--category", choices=sorted(CATEGORIES), action="append")

    def handle(self, *args, category=None, **options):
        for item in category or sorted(CATEGORIES):
            written = snapshot_take(category=item)
            self.stdout.write(f"{item}：已写入 {written} 个区域的本月快照")

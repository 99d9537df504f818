"""seed_demo: a synthetic, realistic dataset with valid check characters (DOMAIN.md §5)."""

from django.core.management.base import BaseCommand, CommandError

from liangxin.demo.accounts import login_table
from liangxin.demo.scales import SCALES
from liangxin.demo.seed import SeedError, has_data, seed_database

DEFAULT_SEED = 2026


class Command(BaseCommand):
    help = "生成演示数据（区域、市场主体、党组织、党员、指导员）和各角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="zone")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库已有市场主体时什么也不做"
        )

    def handle(self, *args, scale, seed, if_empty, **options):
        if if_empty and has_data():
            self.stdout.write("数据库中已有数据，跳过演示数据生成（--if-empty）。")
        else:
            self.seed(scale, seed)
        self.stdout.write(login_table())

    def seed(self, scale: str, seed: int) -> None:
        self.stderr.write(f"正在生成演示数据：规模 {scale}，随机种子 {seed} …")
        try:
            report = seed_database(scale, seed, stream=self.stderr)
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(report.counts.values())
        self.stdout.write(f"演示数据已生成：共 {total:,} 行，用时 {report.seconds:.1f} 秒。")

import json

from django.core.management.base import BaseCommand, CommandError

from liangxin.coverage.definitions import CATEGORIES, INDICATOR_LABELS
from liangxin.coverage.selectors import coverage_report
from liangxin.regions.models import Region


class Command(BaseCommand):
    help = "两个覆盖指标（DOMAIN.md §3）：按区域子树统计，--json 输出约定格式。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区域代码（默认：每个根区域）")
        parser.add_argument("--category", choices=sorted(CATEGORIES), default="enterprise")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, region=None, category="enterprise", json=False, **options):
        reports = [coverage_report(region=r, category=category) for r in self._regions(region)]
        if json:
            self._write_json(reports)
        else:
            for report in reports:
                self._write_table(report)

    def _regions(self, code):
        self._all_roots = not code
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"区域代码不存在：{code}")
            return [region]
        return list(Region.objects.filter(depth=1).order_by("path"))

    def _write_json(self, reports):
        # One region asked for: its object. Without --region: a list, one object per root,
        # so the shape never depends on how many roots the database happens to hold.
        payload = reports if self._all_roots else reports[0]
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _write_table(self, report):
        self.stdout.write(f"{report['name']}（{report['region']}） 截至 {report['as_of']}")
        for key, figures in report["indicators"].items():
            shown = "—" if figures["rate"] is None else f"{figures['rate']:.1f}%"
            fraction = f"{figures['numerator']}/{figures['denominator']}"
            self.stdout.write(f"  {INDICATOR_LABELS[key]}：{shown}（{fraction}）")

"""make bench (statforms suite): both 党内统计 forms (表27, 表30) for every county of the
province dataset by the engine (liangxin/statforms/engine.py), beside the naive per-record
reference (liangxin/statforms/reference.py) on one county in the same run, which must give
the same cells. Target: the whole province under one minute."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import report  # noqa: E402
from bench.board import ready_province  # noqa: E402
from bench.coverage import province_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_TARGET_MS = 60_000.0


def worker(database) -> dict:
    return bench_db.run_worker(database, "statforms_worker.py")


def rows_of(figures: dict) -> list[report.Row]:
    ratio = figures["reference_county_ms"] / max(figures["county_ms"], 1e-6)
    agrees = "一致" if figures["agrees"] else "不一致！"
    return [
        report.Row(
            f"全省两张表（{figures['counties']} 个县区，表27 {figures['units_27']:,} 个单位，"
            f"表30 {figures['units_30']:,} 个单位）",
            figures["province_ms"],
            "ms",
            PROVINCE_TARGET_MS,
            note="分组查询＋一次遍历",
        ),
        report.Row(f"{figures['county']}：本引擎", figures["county_ms"], "ms", None),
        report.Row(
            f"{figures['county']}：逐单位 Python 对照实现",
            figures["reference_county_ms"],
            "ms",
            None,
            note=f"各单元格{agrees}",
        ),
        report.Row(
            "本引擎 ÷ 对照实现（同一县、同次运行）", ratio, "×", None, lower_is_better=False
        ),
    ]


def main(argv=None) -> int:
    args = report.province_parser(__doc__).parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    database = province_database(args.postgres)
    seconds = ready_province(database, args.seed)
    figures = worker(database)
    totals = json.dumps(figures["figures"], ensure_ascii=False)
    context = report.province_context(
        figures["backend"], args.seed, seconds, yardstick, 合计列=totals
    )
    report.publish(rows_of(figures), context)
    return 0 if figures["agrees"] else 1


if __name__ == "__main__":
    sys.exit(main())

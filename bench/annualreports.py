"""make bench (annualreports suite): a district's annual report on the province dataset.

Issue 20 target: every report generates for the province dataset in under a minute on
this machine — here the first county's annual report, its figures (every app's
selectors) with the charts and the Word file, and LibreOffice's PDF timed apart.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import report  # noqa: E402
from bench.board import ready_province  # noqa: E402
from bench.coverage import province_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 60_000.0


def worker(database) -> dict:
    return bench_db.run_worker(database, "annualreports_worker.py")


def rows(figures: dict) -> list[report.Row]:
    name = f"{figures['county']}{figures['year']}年度工作报告"
    return [
        report.Row(f"{name}：取数（{figures['figures']} 个数字）", figures["figures_ms"], "ms"),
        report.Row(
            f"{name}：绘图并生成 Word",
            figures["docx_ms"],
            "ms",
            note=f"{figures['docx_kb']:.0f} KB",
        ),  # fmt: skip
        report.Row(
            f"{name}：取数 + Word", figures["figures_ms"] + figures["docx_ms"], "ms", TARGET_MS
        ),
        report.Row(
            f"{name}：LibreOffice 转 PDF",
            figures["pdf_ms"],
            "ms",
            TARGET_MS,
            note=f"{figures['pdf_kb']:.0f} KB",
        ),  # fmt: skip
    ]


def main(argv=None) -> int:
    args = report.province_parser(__doc__).parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    database = province_database(args.postgres)
    seconds = ready_province(database, args.seed)
    figures = worker(database)
    report.publish(
        rows(figures), report.province_context(figures["backend"], args.seed, seconds, yardstick)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

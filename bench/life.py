"""make bench (life suite): organization-life compliance on the province dataset.

Issue 15 targets: the compliance of the whole province (~110,000 organizations, a
year of meetings written by seed_demo) by SQL aggregates, at least 20× faster than a
per-organization reference implementation (liangxin/life/reference.py) measured on the
same county in the same run, with the same result; one town's compliance page p95
under 100 ms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import measure, report, server  # noqa: E402
from bench.coverage import ensure_province, province_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET, PAGE_TARGET_MS = 20.0, 100.0


def engine_figures(database) -> dict:
    return bench_db.run_worker(database, "life_worker.py")


def engine_rows(figures: dict) -> list[report.Row]:
    ratio = figures["reference_county_ms"] / max(figures["county_ms"], 1e-6)
    agrees = "一致" if figures["reference_agrees"] else "不一致！"
    return [
        report.Row(
            f"全省组织生活落实情况（{figures['organizations_root']:,} 个组织，"
            f"{figures['meetings']:,} 次会议）",
            figures["root_ms"],
            "ms",
            None,
            note="中位数，SQL 聚合",
        ),
        report.Row("一个县的下级对比", figures["children_ms"], "ms", None, note="中位数"),
        report.Row(
            f"{figures['county']}（{figures['organizations_county']:,} 个组织）：本引擎",
            figures["county_ms"],
            "ms",
            None,
            note="中位数",
        ),
        report.Row(
            f"{figures['county']}：逐组织 ORM 对照实现",
            figures["reference_county_ms"],
            "ms",
            None,
            note=f"结果{agrees}",
        ),
        report.Row(
            "本引擎 ÷ 对照实现（同一县、同次运行）", ratio, "×", RATIO_TARGET, lower_is_better=False
        ),
    ]


def page_rows(database, requests: int) -> list[report.Row]:
    """The town admin's compliance page through gunicorn on the province dataset: as the
    server runs (kept under the data version) and with the page cache off (a first visit)."""
    rows = []
    for label, settings in (("", {}), ("（不用缓存）", {"PAGE_CACHE_SECONDS": "0"})):
        with server.gunicorn(database, 2, settings) as base:
            cookies = measure.session_login(base, "/login/", "town_admin", "Liangxin@2026")
            target = measure.Target(
                "组织生活落实情况 /life/compliance/", base + "/life/compliance/", cookies=cookies
            )
            latency = measure.measure_latency(target, requests, 10)
        rows += [
            report.Row(
                f"一个镇的落实情况页面{label} 中位数",
                latency.median,
                "ms",
                None,
                note=f"N={requests}",
            ),
            report.Row(f"一个镇的落实情况页面{label} p95", latency.p95, "ms", PAGE_TARGET_MS),
        ]
    return rows


def main(argv=None) -> int:
    args = report.province_parser(__doc__, page_requests=True).parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    database = province_database(args.postgres)
    seconds = ensure_province(database, args.seed)
    figures = engine_figures(database)
    rows = engine_rows(figures) + page_rows(database, args.requests)
    report.publish(rows, report.province_context(figures["backend"], args.seed, seconds, yardstick))
    return 0


if __name__ == "__main__":
    sys.exit(main())

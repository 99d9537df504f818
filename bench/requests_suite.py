"""make bench (requests suite): the request statistics and list on the province dataset.

Issue 18 targets: the province's monthly statistics (a year of requests, about 500,000,
written by seed_demo) by GROUP BY aggregates at least 20× faster than the per-request
reference implementation (liangxin/requests/reference.py) measured in the same run, with
the same figures; the request list of one town p95 under 100 ms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import measure, report, server  # noqa: E402
from bench.coverage import ensure_province, province_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET, PAGE_TARGET_MS = 20.0, 100.0
# As bench/run.py: the server as deployed (page cache on), then a first visit (cache off).
SERVER_RUNS = (("", {}), ("（不用缓存）", {"PAGE_CACHE_SECONDS": "0"}))


def engine_figures(database, reference_scope: str) -> dict:
    reference = {"BENCH_REFERENCE": reference_scope}
    return bench_db.run_worker(database, "requests_worker.py", env=reference)


def _agrees(flag: bool) -> str:
    return "一致" if flag else "不一致！"


def engine_rows(figures: dict) -> list[report.Row]:
    rows = [
        report.Row(
            f"全省按月统计（{figures['received_province']:,} 件诉求，"
            f"库中共 {figures['requests']:,} 件）：本引擎",
            figures["province_ms"],
            "ms",
            None,
            note="中位数，GROUP BY 聚合",
        ),
    ]
    if "reference_province_ms" in figures:
        ratio = figures["reference_province_ms"] / max(figures["province_ms"], 1e-6)
        rows += [
            report.Row(
                f"全省按月统计：逐件诉求对照实现（{figures['counties']} 个县逐县合计）",
                figures["reference_province_ms"],
                "ms",
                None,
                note=f"单次；各县及全省计数结果{_agrees(figures['province_agrees'])}",
            ),
            report.Row(
                "本引擎 ÷ 对照实现（全省、同次运行）",
                ratio,
                "×",
                RATIO_TARGET,
                lower_is_better=False,
            ),
        ]
    ratio = figures["reference_county_ms"] / max(figures["county_ms"], 1e-6)
    rows += [
        report.Row(
            f"{figures['county']}（{figures['requests_county']:,} 件）按月统计：本引擎",
            figures["county_ms"],
            "ms",
            None,
            note="中位数",
        ),
        report.Row(
            f"{figures['county']}：逐件诉求对照实现",
            figures["reference_county_ms"],
            "ms",
            None,
            note=f"单次；结果{_agrees(figures['county_agrees'])}",
        ),
        report.Row(
            "本引擎 ÷ 对照实现（同一县、同次运行）",
            ratio,
            "×",
            None if "reference_province_ms" in figures else RATIO_TARGET,
            lower_is_better=False,
        ),
    ]
    return rows


def page_rows(database, figures: dict, requests: int) -> list[report.Row]:
    """The town admin's request list of its town through gunicorn on the province dataset,
    after the list's own queries timed in the worker (the rest of an uncached page is the
    layout: the navigation's to-do counts of every app, the session, the template)."""
    town_code, town = figures["town_code"], figures["town"]
    rows = [
        report.Row(
            f"{town}诉求列表的查询（计数 + 首页 25 件）",
            figures["list_ms"],
            "ms",
            None,
            note="进程内中位数，不含页面其余部分",
        )
    ]
    pages = (
        (f"{town}诉求列表", f"/requests/?region={town_code}", PAGE_TARGET_MS),
        # The same layout around another app's list, same town, same run.
        (f"对照：{town}市场主体列表", f"/enterprises/?region={town_code}", None),
    )
    for label, settings in SERVER_RUNS:
        with server.gunicorn(database, 2, settings) as base:
            cookies = measure.session_login(base, "/login/", "town_admin", "Liangxin@2026")
            for name, path, goal in pages:
                target = measure.Target(name, base + path, cookies=cookies)
                latency = measure.measure_latency(target, requests, 10)
                rows += latency_rows(f"{name}{label}", latency, goal)
    return rows


def latency_rows(name: str, latency: measure.Latency, goal) -> list[report.Row]:
    note = f"N={len(latency.samples_ms)}，首个响应 HTTP {latency.first_status}"
    if latency.errors:
        note += f"，非200 {latency.errors} 次"
    return [
        report.Row(f"{name} 中位数", latency.median, "ms", None, note=note),
        report.Row(f"{name} p95", latency.p95, "ms", goal),
    ]


def main(argv=None) -> int:
    parser = report.province_parser(__doc__, page_requests=True)
    parser.add_argument(
        "--reference",
        choices=("province", "county"),
        default="province",
        help="对照实现的范围：全省（默认，逐县，约 3 分钟）及一个县，或只在一个县",
    )
    args = parser.parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    database = province_database(args.postgres)
    seconds = ensure_province(database, args.seed)
    figures = engine_figures(database, args.reference)
    rows = engine_rows(figures) + page_rows(database, figures, args.requests)
    report.publish(rows, report.province_context(figures["backend"], args.seed, seconds, yardstick))
    return 0


if __name__ == "__main__":
    sys.exit(main())

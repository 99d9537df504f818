"""make bench (board suite): the 比学赶超跑道's scores on the province dataset, its page on zone.

Issue 16 targets: the board's scores for every organization of the province dataset
computed by aggregates (liangxin/board/engine.py), at least 20× faster than a
per-organization reference (liangxin/board/reference.py) timed on the same county in the
same run, with the same ranks; the board page p95 under 300 ms on the zone dataset.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import measure, report, server  # noqa: E402
from bench.coverage import ensure_province, province_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET, PAGE_TARGET_MS = 20.0, 300.0


def ready_province(database, seed: int) -> float | None:
    """The province dataset, reused as it is when its file exists: a change of the demo
    generator since it was seeded makes ``ensure_province`` rebuild it (minutes), which
    the board's figures do not need — they are compared with the reference on the same
    data whatever its generation."""
    path = Path(database.url.removeprefix("sqlite:///"))
    if database.backend == "sqlite" and path.exists() and not bench_db.is_seeded(database, seed):
        print("省级数据库已存在（生成器已改动），沿用，不重新生成。", file=sys.stderr)
        bench_db.manage(database, "migrate", "--noinput", "-v", "0")
        return None
    return ensure_province(database, seed)


def worker(database, action: str) -> dict:
    return bench_db.run_worker(database, "board_worker.py", action)


def score_rows(figures: dict) -> list[report.Row]:
    ratio = figures["reference_county_ms"] / max(figures["county_ms"], 1e-6)
    agrees = "一致" if figures["reference_agrees"] else "不一致！"
    ranks = "名次相同" if figures["same_ranks"] else "名次不同！"
    return [
        report.Row(
            f"全省按镇排名（{figures['organizations']:,} 个组织，{figures['towns']:,} 个镇/园区）",
            figures["province_ms"],
            "ms",
            None,
            note="SQL 聚合，五项指标",
        ),
        report.Row(
            f"全省逐组织排名（{figures['scored_organizations']:,} 个组织各为一名）",
            figures["every_ms"],
            "ms",
            None,
            note="SQL 聚合，组织层面四项指标",
        ),
        report.Row(
            f"{figures['county']}（{figures['organizations_county']:,} 个组织，"
            f"{figures['county_towns']} 个镇/园区）：本引擎",
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
            note=f"数值与得分{agrees}，{ranks}",
        ),
        report.Row(
            "本引擎 ÷ 对照实现（同一县、同次运行）", ratio, "×", RATIO_TARGET, lower_is_better=False
        ),
    ]


def page_rows(postgres: bool, seed: int, requests: int) -> list[report.Row]:
    """The district's boards through gunicorn on the zone dataset: its 片区 as the
    district admin (every drill-down link) and as the zone's admin, and every
    organization of the district as one board."""
    zone = bench_db.choose(postgres)
    bench_db.ensure_seeded(zone, seed)
    boards = worker(zone, "setup")
    runs = (
        ("areas", "district_admin", f"{boards['area_count']} 个片区，区级管理员"),
        ("areas", "town_admin", f"{boards['area_count']} 个片区，园区管理员"),
        ("organizations", "district_admin", f"{boards['organization_count']} 个党组织，区级管理员"),
    )
    rows = []
    with server.gunicorn(zone, 2) as base:
        for board, username, who in runs:
            cookies = measure.session_login(base, "/login/", username, "Liangxin@2026")
            url = f"{base}/board/{boards[board]}/"
            target = measure.Target(f"跑道页面 /board/{boards[board]}/", url, cookies=cookies)
            latency = measure.measure_latency(target, requests, 10)
            rows += [
                report.Row(
                    f"跑道页面（zone，{who}）中位数",
                    latency.median,
                    "ms",
                    None,
                    note=f"N={len(latency.samples_ms)}，非 200 应答 {latency.errors} 次",
                ),
                report.Row(f"跑道页面（zone，{who}）p95", latency.p95, "ms", PAGE_TARGET_MS),
            ]
    return rows


def main(argv=None) -> int:
    args = report.province_parser(__doc__, page_requests=True).parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    database = province_database(args.postgres)
    seconds = ready_province(database, args.seed)
    figures = worker(database, "scores")
    rows = score_rows(figures) + page_rows(args.postgres, args.seed, args.requests)
    report.publish(rows, report.province_context(figures["backend"], args.seed, seconds, yardstick))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""make bench (coverage suite): the 两个覆盖 engine on the province dataset, the dashboard on zone.

Issue targets: all indicators for the root in under 1 s uncached, under 100 ms
for one town (PostgreSQL and SQLite); dashboard p95 under 300 ms on zone. The
named peer is a straightforward per-enterprise ORM implementation of the same
definitions (liangxin/coverage/reference.py), timed on the same area in the
same run; the engine's result must agree with it.
"""

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import measure, report, server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROOT_TARGET_MS, TOWN_TARGET_MS, DASHBOARD_TARGET_MS = 1000.0, 100.0, 300.0


@dataclass(frozen=True)
class ProvinceDatabase(bench_db.BenchDatabase):
    @property
    def marker(self):
        return bench_db.BENCH_VAR / f"seeded-province-{self.backend}.json"


def province_database(postgres: bool) -> ProvinceDatabase:
    zone = bench_db.choose(postgres)
    if zone.backend == "sqlite":
        return ProvinceDatabase("sqlite", f"sqlite:///{bench_db.BENCH_VAR / 'province.sqlite3'}")
    return ProvinceDatabase("postgresql", zone.url.rsplit("/", 1)[0] + "/liangxin_bench_province")


def ensure_province(database: ProvinceDatabase, seed: int) -> float | None:
    if bench_db.is_seeded(database, seed):
        bench_db.manage(database, "migrate", "--noinput", "-v", "0")  # migrations since the seed
        return None
    started = time.monotonic()
    _recreate(database)
    bench_db.manage(database, "migrate", "--noinput", "-v", "0")
    bench_db.manage(database, "seed_demo", "--scale", "province", "--seed", str(seed), capture=True)
    seconds = time.monotonic() - started
    marker = {**bench_db.marker_for(database, seed), "seconds": round(seconds, 1)}
    database.marker.write_text(json.dumps(marker), encoding="utf-8")
    return seconds


def _recreate(database: ProvinceDatabase) -> None:
    bench_db.BENCH_VAR.mkdir(parents=True, exist_ok=True)
    if database.backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(database.url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = database.url.rsplit("/", 1)[1]
    with psycopg.connect(database.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")


def engine_figures(database: ProvinceDatabase) -> dict:
    return bench_db.run_worker(database, "coverage_worker.py")


def _root_note(figures: dict) -> str:
    note = "中位数，无缓存"
    if figures.get("backend") == "sqlite":  # SQLite runs in the worker: its CPU time is the query's
        note += f"；本进程 CPU {figures['root_cpu_ms']:,.0f} ms"
    return note


def engine_rows(figures: dict) -> list[report.Row]:
    ratio = figures["reference_area_ms"] / max(figures["area_ms"], 1e-6)
    agrees = "一致" if figures["reference_agrees"] else "不一致！"
    return [
        report.Row(
            f"全省根区域 6 项指标（{figures['enterprises_root']:,} 户）",
            figures["root_ms"],
            "ms",
            ROOT_TARGET_MS,
            note=_root_note(figures),
        ),
        report.Row(
            f"一个镇（{figures['enterprises_town']:,} 户）",
            figures["town_ms"],
            "ms",
            TOWN_TARGET_MS,
            note="中位数",
        ),
        report.Row("一个县的下级对比（一次 GROUP BY）", figures["children_ms"], "ms", None),
        report.Row(
            f"片区（{figures['enterprises_area']:,} 户）：本引擎", figures["area_ms"], "ms", None
        ),
        report.Row(
            "片区：逐户 ORM 对照实现",
            figures["reference_area_ms"],
            "ms",
            None,
            note=f"为本引擎的 {ratio:,.0f} 倍；结果{agrees}",
        ),
    ]


def dashboard_rows(postgres: bool, seed: int, requests: int) -> list[report.Row]:
    zone = bench_db.choose(postgres)
    bench_db.ensure_seeded(zone, seed)
    with server.gunicorn(zone, 2) as base:
        cookies = measure.session_login(base, "/login/", "district_admin", "Liangxin@2026")
        target = measure.Target("数据看板 /dashboard/", base + "/dashboard/", cookies=cookies)
        latency = measure.measure_latency(target, requests, 10)
    return [
        report.Row(
            "数据看板 中位数（zone）",
            latency.median,
            "ms",
            None,
            note=f"N={len(latency.samples_ms)}",
        ),
        report.Row("数据看板 p95（zone）", latency.p95, "ms", DASHBOARD_TARGET_MS),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--skip-province", action="store_true", help="只测看板（省级数据生成需数分钟）"
    )
    args = parser.parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    rows, context = [], {"数据库": "postgresql" if args.postgres else "sqlite"}
    if not args.skip_province:
        database = province_database(args.postgres)
        seconds = ensure_province(database, args.seed)
        figures = engine_figures(database)
        context["省级数据"] = f"种子 {args.seed}" + (
            f"，本次生成 {seconds:.0f} 秒" if seconds else "（已缓存）"
        )
        rows += engine_rows(figures)
    rows += dashboard_rows(args.postgres, args.seed, args.requests)
    context["CPU 标尺"] = report.yardstick_note(yardstick)
    text = report.render(rows, context)
    print(text)
    print(f"\n结果已保存：{report.save(rows, context, text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

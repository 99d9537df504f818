"""make bench: enterprise list page and API on the zone dataset against the issue's targets.

Targets (the "named peer" of the issue): p95 under 100 ms for one user, and at
least 200 requests/s with 4 gunicorn workers on loopback. A naive unscoped
ListView over the same rows (bench/urls.py) is shown beside them as a floor.
Requests go to 127.0.0.1 only; every loop is bounded in count and time.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database as bench_db  # noqa: E402
from bench import measure, report, server  # noqa: E402

LATENCY_TARGET_MS = 100.0
THROUGHPUT_TARGET_RPS = 200.0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL 数据库 liangxin_bench")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--region", default="350503P01", help="区域代码（镇/园区子树）")
    parser.add_argument("--page-url", default="/enterprises/?region={region}")
    parser.add_argument("--api-url", default="/api/v1/enterprises/?region={region}")
    parser.add_argument("--peer-url", default="/bench/naive-enterprises/?region={region}")
    parser.add_argument("--login-path", default="/login/")
    parser.add_argument("--username", default="district_admin")
    parser.add_argument("--password", default=None, help="默认取 DEMO_PASSWORD 或演示密码")
    parser.add_argument("--requests", type=int, default=200, help="单用户顺序请求数")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=10, help="压测秒数")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-load", action="store_true", help="只测单用户延迟")
    parser.add_argument("--strict", action="store_true", help="未达标时以非零状态退出")
    return parser.parse_args(argv)


def demo_password(args) -> str:
    import os

    return args.password or os.environ.get("DEMO_PASSWORD") or "Liangxin@2026"


# The server as deployed (lists cached, keyed on the data version), then the same server
# with the cache off: what a first visit of a list costs. The peer has no cache either way.
SERVER_RUNS = (("", {}), ("（不用缓存）", {"PAGE_CACHE_SECONDS": "0"}))


def targets(args, base: str, cookies: dict, token: str, label: str) -> list[measure.Target]:
    def url(template: str) -> str:
        return base + template.format(region=args.region)

    ours = [
        measure.Target(f"页面 /enterprises/{label}", url(args.page_url), cookies=cookies),
        measure.Target(
            f"API /api/v1/enterprises/{label}",
            url(args.api_url),
            {"Authorization": f"Token {token}"},
        ),
    ]
    # The peer is measured in each run, beside ours, under the same load.
    return [*ours, measure.Target(f"对照：朴素 ListView{label}", url(args.peer_url))]


def latency_rows(target: measure.Target, latency: measure.Latency, peer: bool) -> list:
    goal = None if peer else LATENCY_TARGET_MS
    note = f"N={len(latency.samples_ms)}，首个响应 HTTP {latency.first_status}"
    if latency.errors:
        note += f"，非200 {latency.errors} 次"
    return [
        report.Row(f"{target.name} 中位数", latency.median, "ms", None, note=note),
        report.Row(f"{target.name} p95", latency.p95, "ms", goal),
    ]


def throughput_row(target: measure.Target, result: measure.Throughput, peer: bool, label: str):
    note = f"{result.tool}" + (f"，非2xx/3xx {result.errors} 次" if result.errors else "")
    # The throughput target is the deployed server's (cache on); with the cache off the
    # figure is what every request would cost if none repeated, shown beside the peer.
    goal = None if peer or label else THROUGHPUT_TARGET_RPS
    return report.Row(f"{target.name} 吞吐", result.requests_per_second, "req/s", goal, False, note)


def measure_all(args, base: str, token: str, cookies: dict, label: str) -> list:
    rows = []
    for target in targets(args, base, cookies, token, label):
        peer = target.name.startswith("对照")
        print(f"测量 {target.name}: {target.url}", file=sys.stderr)
        latency = measure.measure_latency(target, args.requests, args.warmup)
        rows += latency_rows(target, latency, peer)
        if not args.no_load:
            result = measure.measure_throughput(target, args.duration, args.connections)
            rows.append(throughput_row(target, result, peer, label))
    return rows


def add_peer_ratios(rows: list) -> None:
    """The page's and the API's p95 and throughput as multiples of the peer's, same run."""
    by_metric = {row.metric: row for row in rows}
    for label, _ in SERVER_RUNS:
        peer = by_metric.get(f"对照：朴素 ListView{label} p95")
        peer_load = by_metric.get(f"对照：朴素 ListView{label} 吞吐")
        for kind in ("页面 /enterprises/", "API /api/v1/enterprises/"):
            latency = by_metric.get(f"{kind}{label} p95")
            if peer and latency and peer.figure:
                latency.note = f"为朴素 ListView 的 {latency.figure / peer.figure:.1f} 倍"
            load = by_metric.get(f"{kind}{label} 吞吐")
            if peer_load and load and peer_load.figure:
                load.note += f"，为朴素 ListView 的 {load.figure / peer_load.figure:.2f} 倍"


SUITES = (
    "all",
    "web",
    "ledger",
    "coverage",
    "life",
    "board",
    "requests",
    "statforms",
    "annualreports",
    "campaigns",
)


def split_suite(argv: list[str]) -> tuple[str, list[str]]:
    """``--suite web|ledger|coverage|all`` (default all); other arguments go to that suite."""
    chooser = argparse.ArgumentParser(add_help=False)
    chooser.add_argument("--suite", choices=SUITES, default="all")
    known, rest = chooser.parse_known_args(argv)
    return known.suite, rest


def main(argv=None) -> int:
    suite, rest = split_suite(sys.argv[1:] if argv is None else argv)
    if suite == "ledger":
        from bench import ledger

        return ledger.main(rest)
    if suite == "coverage":
        from bench import coverage

        return coverage.main(rest)
    if suite == "life":
        from bench import life

        return life.main(rest)
    if suite == "board":
        from bench import board

        return board.main(rest)
    if suite == "requests":
        from bench import requests_suite

        return requests_suite.main(rest)
    if suite == "statforms":
        from bench import statforms

        return statforms.main(rest)
    if suite == "annualreports":
        from bench import annualreports

        return annualreports.main(rest)
    if suite == "campaigns":
        from bench import campaigns

        return campaigns.main(rest)
    status = web_main(rest)
    if suite == "all":
        from bench import (
            annualreports,
            board,
            campaigns,
            coverage,
            ledger,
            life,
            requests_suite,
            statforms,
        )

        on_server = ["--postgres"] if "--postgres" in rest else []
        status = max(status, ledger.main(["--strict"] if "--strict" in rest else []))
        for suite_module in (
            coverage,
            life,
            board,
            requests_suite,
            statforms,
            annualreports,
            campaigns,
        ):
            status = max(status, suite_module.main(on_server))
    return status


def web_main(argv=None) -> int:
    args = parse_args(argv)
    yardstick = report.cpu_yardstick_ms()
    database = bench_db.choose(args.postgres)
    seeded_in = bench_db.ensure_seeded(database, args.seed)
    token = bench_db.issue_token(database, args.username)
    rows = []
    for label, settings in SERVER_RUNS:
        with server.gunicorn(database, args.workers, settings) as base:
            password = demo_password(args)
            cookies = measure.session_login(base, args.login_path, args.username, password)
            rows += measure_all(args, base, token, cookies, label)
    add_peer_ratios(rows)
    context = {
        "数据库": database.backend,
        "数据集": f"zone，种子 {args.seed}"
        + (f"（本次生成用时 {seeded_in:.0f} 秒）" if seeded_in else ""),
        "区域": args.region,
        "gunicorn 进程数": args.workers,
        "压测": f"{args.connections} 连接 × {args.duration} 秒" if not args.no_load else "未执行",
        "CPU 标尺": report.yardstick_note(yardstick),
    }
    text = report.render(rows, context)
    print(text)
    print(f"\n结果已保存：{report.save(rows, context, text)}")
    failed = any(row.verdict == "未达标" for row in rows)
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())

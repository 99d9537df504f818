"""make bench (ledger suite): ledger import and export against the issue's targets.

    bench/run.py --suite ledger [options]      (bench/run.py runs both suites by default)

Every measured import starts from a fresh copy of a template database (migrated,
with the bench world: a region tree, 300 party organizations, 2,000 employers)
and runs in its own process (bench/ledger_worker.py), so one figure's memory
and caches are not the next one's. Figures are medians over --repeat runs;
the 1,000,000-row import, the export and the django-import-export peer are
single runs (said in the table).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402

WORK = ROOT / "var" / "bench" / "ledger"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PG_TEMPLATE, PG_WORK = "liangxin_ledgerbench_tpl", "liangxin_ledgerbench"
RATE_TARGET = {"postgresql": 20_000.0, "sqlite": 10_000.0}  # validated rows/s
PEER_RATIO_TARGET = 10.0
MEMORY_TARGET_MB = 1024.0
EXPORT_TARGET_S = 60.0
WORKER_TIMEOUT = 3600
EMPLOYERS = 2000  # enterprises already in the template (bench.ledger_files.EMPLOYERS)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql", help="逗号分隔")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES", PG_SERVER))
    parser.add_argument("--enterprises", type=int, default=100_000, help="企业台账行数")
    parser.add_argument("--members", type=int, default=200_000, help="党员台账行数")
    parser.add_argument("--big", type=int, default=1_000_000, help="内存与导出测试的行数")
    parser.add_argument("--big-format", default="csv", choices=["csv", "xlsx"])
    parser.add_argument("--repeat", type=int, default=3, help="每项导入重复次数（取中位数）")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-big", action="store_true", help="跳过百万行内存与导出")
    parser.add_argument("--skip-peer", action="store_true", help="跳过 django-import-export 对照")
    parser.add_argument("--skip-xlsx", action="store_true", help="只测 CSV 导入")
    parser.add_argument("--skip-members", action="store_true", help="跳过党员台账")
    parser.add_argument("--quick", action="store_true", help="小数据量试跑（1万/2万/5万行，1次）")
    parser.add_argument("--strict", action="store_true", help="未达标时以非零状态退出")
    args = parser.parse_args(argv)
    if args.quick:
        args.enterprises, args.members, args.big, args.repeat = 10_000, 20_000, 50_000, 1
    return args


# --- databases --------------------------------------------------------------------------


@dataclass
class Backend:
    name: str  # "sqlite" or "postgresql"
    server: str = PG_SERVER

    def url(self, database: str) -> str:
        if self.name == "sqlite":
            return f"sqlite:///{WORK / (database + '.sqlite3')}"
        return urlunsplit(urlsplit(self.server)._replace(path="/" + database))

    def build_template(self) -> None:
        """Migrate an empty database and import the bench world into it."""
        self.drop(PG_TEMPLATE)
        self.create(PG_TEMPLATE)
        env = self.env(PG_TEMPLATE)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        run_worker(self, PG_TEMPLATE, {"task": "setup"})

    def fresh(self) -> str:
        """A working database copied from the template; returns its name."""
        self.drop(PG_WORK)
        if self.name == "sqlite":
            shutil.copyfile(WORK / f"{PG_TEMPLATE}.sqlite3", WORK / f"{PG_WORK}.sqlite3")
        else:
            self._sql(f"CREATE DATABASE {PG_WORK} TEMPLATE {PG_TEMPLATE}")
        return PG_WORK

    def create(self, database: str) -> None:
        if self.name == "postgresql":
            self._sql(f"CREATE DATABASE {database}")

    def drop(self, database: str) -> None:
        if self.name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(str(WORK / f"{database}.sqlite3") + suffix).unlink(missing_ok=True)
        else:
            self._sql(f"DROP DATABASE IF EXISTS {database}")

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(statement)

    def env(self, database: str) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.url(database),
            "DJANGO_SETTINGS_MODULE": "liangxin.settings",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
        }


def run_worker(backend: Backend, database: str, spec: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.ledger_worker", json.dumps(spec)],
        cwd=ROOT,
        env=backend.env(database),
        check=True,
        text=True,
        stdout=subprocess.PIPE,
        timeout=WORKER_TIMEOUT,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- files ------------------------------------------------------------------------------


def files(args, kind: str, count: int, fmt: str) -> tuple[Path, Path]:
    """(the ledger, the same ledger with ~10% of the rows changed), generated once and cached."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
    import django

    django.setup()
    from bench.ledger_files import ledger_file

    started = time.monotonic()
    base = ledger_file(kind, count, seed=args.seed, fmt=fmt)
    changed = ledger_file(kind, count, seed=args.seed, fmt=fmt, changed=0.1)
    if time.monotonic() - started > 1:
        log(f"生成 {kind} {count:,} 行 {fmt}：{time.monotonic() - started:.0f} 秒")
    return base, changed


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- measurements -------------------------------------------------------------------------

STAGES = (("created", "新增"), ("unchanged", "重复导入（全部未变）"), ("updated", "约10%变更"))
KIND_LABEL = {"enterprises": "企业", "members": "党员"}


def measure_imports(args, backend: Backend, kind: str, count: int, fmt: str) -> list:
    base, changed = files(args, kind, count, fmt)
    rates = {stage: [] for stage, _ in STAGES}
    cpu_rates = {stage: [] for stage, _ in STAGES}
    for attempt in range(1, args.repeat + 1):
        database = backend.fresh()
        figures = run_worker(
            backend,
            database,
            {"task": "import", "kind": kind, "files": [str(base)] * 2 + [str(changed)]},
        )
        for (stage, _), run in zip(STAGES, figures["runs"], strict=True):
            check_run(run, stage, count)
            rates[stage].append(run["rows_per_s"])
            cpu_rates[stage].append(run["rows"] / max(run["cpu_seconds"], 1e-9))
        log(
            f"  {backend.name} {kind} {fmt} 第{attempt}次："
            + "，".join(f"{r['rows_per_s']:,.0f}" for r in figures["runs"])
        )
    return [
        rate_row(backend, kind, count, fmt, label, rates[stage], cpu_rates[stage])
        for stage, label in STAGES
    ]


def check_run(run: dict, stage: str, count: int) -> None:
    """A figure only counts when the import did what it should (all rows good, written)."""
    if run["bad"] or run["rows"] != count:
        raise SystemExit(f"导入结果异常：{run}")
    if stage == "created" and run["created"] != count:
        raise SystemExit(f"首次导入应全部新增：{run}")
    if stage == "unchanged" and run["unchanged"] != count:
        raise SystemExit(f"重复导入应全部未变：{run}")


def rate_row(backend, kind, count, fmt, label, rates, cpu_rates) -> report.Row:
    note = f"{len(rates)} 次中位数" if len(rates) > 1 else "单次"
    note += "（" + "、".join(f"{r:,.0f}" for r in rates) + "）"
    note += f"；按 CPU 时间（本进程 + 读取子进程）{statistics.median(cpu_rates):,.0f} 行/秒"
    return report.Row(
        f"{backend.name} {KIND_LABEL[kind]} {count:,} 行 {fmt} {label}",
        statistics.median(rates),
        "行/秒",
        RATE_TARGET[backend.name],
        lower_is_better=False,
        note=note,
    )


def measure_peer(args, backend: Backend, ours: float) -> list:
    base, _ = files(args, "enterprises", args.enterprises, "csv")
    database = backend.fresh()
    figures = run_worker(backend, database, {"task": "peer", "file": str(base)})
    landed = figures["counts"]["enterprises"] - EMPLOYERS
    if figures["errors"] or figures["invalid"] or landed != figures["rows"]:
        raise SystemExit(f"django-import-export 未完整导入（{landed:,} 行落库）：{figures}")
    log(f"  {backend.name} django-import-export：{figures['rows_per_s']:,.0f} 行/秒")
    peer = figures["rows_per_s"]
    return [
        report.Row(
            f"{backend.name} 对照 django-import-export（bulk、skip_diff）企业 csv",
            peer,
            "行/秒",
            None,
            note=f"单次，{figures['rows']:,} 行，{figures['seconds']:.1f} 秒",
        ),
        report.Row(
            f"{backend.name} 本方 / django-import-export（新增）",
            ours / peer,
            "倍",
            PEER_RATIO_TARGET,
            lower_is_better=False,
            note="同一文件、同一模型、同一次运行",
        ),
    ]


def measure_big(args, backend: Backend) -> list:
    base, _ = files(args, "enterprises", args.big, args.big_format)
    database = backend.fresh()
    imported = run_worker(
        backend, database, {"task": "import", "kind": "enterprises", "files": [str(base)]}
    )
    run = imported["runs"][0]
    check_run(run, "created", args.big)
    rate, main, reader = run["rows_per_s"], imported["peak_rss_mb"], imported["reader_peak_rss_mb"]
    peaks = f"峰值 {main:,.0f} + {reader:,.0f} MB"
    log(f"  {backend.name} {args.big:,} 行导入：{rate:,.0f} 行/秒，{peaks}")
    out = WORK / f"export-{backend.name}.xlsx"
    exported = run_worker(
        backend, database, {"task": "export", "kind": "enterprises", "out": str(out)}
    )
    seconds, peak = exported["seconds"], exported["peak_rss_mb"]
    log(f"  {backend.name} 导出 {exported['rows']:,} 行：{seconds:.1f} 秒，峰值 {peak:,.0f} MB")
    out.unlink(missing_ok=True)
    label = f"{args.big:,} 行企业 {args.big_format}"
    return [
        report.Row(
            f"{backend.name} {label} 导入峰值内存",
            main + reader,
            "MB",
            MEMORY_TARGET_MB,
            note=f"单次，导入进程 VmHWM {main:,.0f} MB + 读取子进程峰值 {reader:,.0f} MB"
            f"（共享页计两次，偏高）；{rate:,.0f} 行/秒；"
            f"Django 空载 {imported['baseline_rss_mb']:.0f} MB",
        ),
        report.Row(
            f"{backend.name} 导出 {exported['rows']:,} 行 xlsx 用时",
            exported["seconds"],
            "秒",
            EXPORT_TARGET_S,
            note=f"单次；本进程 CPU {exported['cpu_seconds']:.1f} 秒",
        ),
        report.Row(
            f"{backend.name} 导出 {exported['rows']:,} 行 xlsx 峰值内存",
            exported["peak_rss_mb"],
            "MB",
            MEMORY_TARGET_MB,
            note=f"单次；Django 空载 {exported['baseline_rss_mb']:.0f} MB",
        ),
    ]


def measure_backend(args, backend: Backend) -> list:
    log(f"[{backend.name}] 准备模板数据库（迁移 + 区域、党组织、工作单位）")
    backend.build_template()
    rows = measure_imports(args, backend, "enterprises", args.enterprises, "csv")
    ours = rows[0].figure
    if not args.skip_xlsx:
        rows += measure_imports(args, backend, "enterprises", args.enterprises, "xlsx")
    if not args.skip_members:
        rows += measure_imports(args, backend, "members", args.members, "csv")
    if not args.skip_peer:
        rows += measure_peer(args, backend, ours)
    if not args.skip_big:
        rows += measure_big(args, backend)
    backend.drop(PG_WORK)
    return rows


def main(argv=None) -> int:
    args = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    yardstick = report.cpu_yardstick_ms()
    rows = []
    for name in args.backends.split(","):
        rows += measure_backend(args, Backend(name.strip(), args.postgres_url))
    context = {
        "数据库": "ledger",
        "套件": "台账导入导出",
        "后端": args.backends,
        "数据": f"企业 {args.enterprises:,} 行、党员 {args.members:,} 行、"
        f"大文件 {args.big:,} 行，种子 {args.seed}",
        "计时": "run_import 整个调用（读文件→校验→写入→提交），每次全新数据库",
        "机器": f"{os.cpu_count()} 核，负载 {os.getloadavg()[0]:.1f}",
        "CPU 标尺": report.yardstick_note(yardstick),
    }
    text = report.render(rows, context)
    print(text)
    print(f"\n结果已保存：{report.save(rows, context, text)}")
    failed = any(row.verdict == "未达标" for row in rows)
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())

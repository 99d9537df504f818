"""One measured task in its own process (Django set up on the database of DATABASE_URL).

    python -m bench.ledger_worker '{"task": "import", "kind": "enterprises", "files": [...]}'

Prints one JSON line: the figures and the process's peak RSS (VmHWM). A fresh
process per task keeps one measurement's memory out of the next one's.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")


def cpu_seconds(whose=("self", "children")) -> float:
    """User + system CPU of this process and of its finished children (a big file's
    reading process): on a shared box, wall time includes waiting."""
    import resource

    total = 0.0
    chosen = {"self": resource.RUSAGE_SELF, "children": resource.RUSAGE_CHILDREN}
    for who in (chosen[name] for name in whose):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def children_peak_rss_mb() -> float:
    """The largest peak RSS of this process's finished children (the reading process)."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def peak_rss_mb() -> float:
    """VmHWM of this process, in MiB (falls back to ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def task_setup(spec: dict) -> dict:
    """The world the ledgers refer to: regions, party organizations, employer enterprises."""
    from bench import ledger_files as lf

    done = {}
    for kind, headers, rows in (
        ("regions", ["区域代码", "区域名称", "区域类别", "上级区域代码"], lf.region_rows()),
        (
            "organizations",
            ["组织编码", "组织名称", "组织类别", "组建方式", "上级组织编码", "所属区域代码"],
            lf.organization_rows(),
        ),
        (
            "enterprises",
            lf.ENTERPRISE_HEADERS,
            lf.enterprise_rows(lf.EMPLOYERS, seed=999_999),
        ),
    ):
        result = _import(kind, lf.csv_bytes(headers, rows), f"world-{kind}.csv")
        if result.bad or not result.written:
            raise SystemExit(f"world {kind}: {result.bad} bad rows: {result.bad_rows[:3]}")
        done[kind] = result.created
    return done


def _import(kind: str, data: bytes, name: str, job_id=None):
    from liangxin.ledger.framework import ImportContext
    from liangxin.ledger.pipeline import run_import

    ctx = ImportContext(user=None, job_id=job_id, file_name=name)
    return run_import(kind_name=kind, data=data, file_name=name, ctx=ctx)


def task_import(spec: dict) -> dict:
    """Import each file in turn; rows/s over the whole run_import call (read to commit)."""
    from liangxin.core.pinyin import warm_up

    # The background worker is long-lived and builds the pinyin table once; a fresh
    # process a measurement would otherwise count that start-up against the first file.
    warm_up()
    runs = []
    for number, path in enumerate(spec["files"], start=1):
        data = Path(path).read_bytes()
        started, cpu, own = time.perf_counter(), cpu_seconds(), cpu_seconds(["self"])
        result = _import(spec["kind"], data, Path(path).name, job_id=number)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        own = cpu_seconds(["self"]) - own
        del data
        runs.append(
            {
                "file": Path(path).name,
                "rows": result.total,
                "seconds": seconds,
                "rows_per_s": result.total / seconds,
                "cpu_seconds": cpu,
                "main_cpu_seconds": own,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "bad": result.bad,
                "written": result.written,
            }
        )
        del result
    return {"runs": runs, "counts": _counts()}


def _counts() -> dict:
    from auditlog.models import LogEntry

    from liangxin.enterprises.models import Enterprise
    from liangxin.members.models import Member

    return {
        "enterprises": Enterprise.objects.count(),
        "members": Member.objects.count(),
        "log_entries": LogEntry.objects.count(),
    }


def task_peer(spec: dict) -> dict:
    """django-import-export (bulk, skip_diff) on the same CSV into the same model."""
    import tablib

    from bench.ledger_peer import EnterpriseResource

    data = Path(spec["file"]).read_bytes()
    started, cpu = time.perf_counter(), cpu_seconds()
    dataset = tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
    result = EnterpriseResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    rows = len(dataset)
    return {
        "cpu_seconds": cpu_seconds() - cpu,
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "errors": len(result.row_errors()) + len(result.base_errors),
        "invalid": len(result.invalid_rows),
        "counts": _counts(),
    }


def task_export(spec: dict) -> dict:
    from liangxin.ledger.export import export_ledger
    from liangxin.ledger.framework import ImportContext

    path = Path(spec["out"])
    started, cpu = time.perf_counter(), cpu_seconds()
    with path.open("wb") as stream:
        count = export_ledger(spec["kind"], stream, ImportContext(), fmt=spec.get("fmt", "xlsx"))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {"rows": count, "seconds": seconds, "cpu_seconds": cpu, "bytes": path.stat().st_size}


def task_profile(spec: dict) -> dict:
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    figures = task_import(spec)
    profile.disable()
    order = os.environ.get("BENCH_PROFILE_SORT", "cumulative")  # or tottime
    pstats.Stats(profile, stream=sys.stderr).sort_stats(order).print_stats(45)
    return figures


TASKS = {
    "setup": task_setup,
    "import": task_import,
    "peer": task_peer,
    "export": task_export,
    "profile": task_profile,
}


def main() -> None:
    spec = json.loads(sys.argv[1])
    import django

    django.setup()
    baseline = peak_rss_mb()
    figures = TASKS[spec["task"]](spec)
    figures.update(
        peak_rss_mb=peak_rss_mb(),
        baseline_rss_mb=baseline,
        reader_peak_rss_mb=children_peak_rss_mb(),
    )
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Runs inside the bench database's Django (subprocess of bench/coverage.py); prints JSON.

Times the coverage engine (one SQL aggregate over a path prefix) for the root,
one town and one area, and the per-enterprise reference implementation on the
same area, so the ratio comes from the same run on the same data.
"""

import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import Substr  # noqa: E402

from liangxin.coverage.reference import reference_counts  # noqa: E402
from liangxin.coverage.selectors import coverage_counts, coverage_counts_by_child  # noqa: E402
from liangxin.enterprises.models import Enterprise  # noqa: E402
from liangxin.regions.models import Region  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
REFERENCE_LIMIT_SECONDS = float(os.environ.get("BENCH_REFERENCE_SECONDS", "120"))


CPU_MS = {}  # label → median CPU time of this process (all of SQLite's work; none of PostgreSQL's)


def timed(function, runs=RUNS, label=None) -> tuple[float, object]:
    samples, cpu, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    if label:
        CPU_MS[label] = statistics.median(cpu)
    return statistics.median(samples), result


def largest_child(parent: Region) -> Region:
    """The child region holding the most enterprises (one GROUP BY)."""
    length = (parent.depth + 1) * Region.steplen
    row = (
        Enterprise.objects.filter(
            region__path__startswith=parent.path, region__depth__gt=parent.depth
        )
        .annotate(child=Substr("region__path", 1, length))
        .values("child")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return Region.objects.get(path=row["child"])


def smallest_child(parent: Region, minimum: int) -> Region:
    length = (parent.depth + 1) * Region.steplen
    rows = (
        Enterprise.objects.filter(
            region__path__startswith=parent.path, region__depth__gt=parent.depth
        )
        .annotate(child=Substr("region__path", 1, length))
        .values("child")
        .annotate(n=Count("id"))
        .filter(n__gte=minimum)
        .order_by("n")
    )
    return Region.objects.get(path=rows.first()["child"])


class WholeDataset:
    """Every root at once (the province dataset has 90 county roots): the path prefix ''."""

    path = ""
    depth = 0
    code = "*"


def main() -> None:
    root = WholeDataset()
    county = Region.objects.filter(depth=1).order_by("path").first()
    town = largest_child(county)
    area = smallest_child(town, minimum=300)
    results = {"backend": connection.vendor, "town": town.code, "area": area.code}
    results["enterprises_root"] = Enterprise.objects.count()
    results["enterprises_town"] = Enterprise.objects.filter(
        region__path__startswith=town.path
    ).count()
    results["enterprises_area"] = Enterprise.objects.filter(
        region__path__startswith=area.path
    ).count()
    results["root_ms"], root_counts = timed(lambda: coverage_counts(region=root), label="root")
    results["town_ms"], _ = timed(lambda: coverage_counts(region=town))
    results["children_ms"], _ = timed(lambda: coverage_counts_by_child(parent=county))
    results["area_ms"], engine = timed(lambda: coverage_counts(region=area))
    started = time.perf_counter()
    reference = reference_counts(region=area, on=_today())
    results["reference_area_ms"] = (time.perf_counter() - started) * 1000
    results["reference_agrees"] = reference == engine
    results["root_cpu_ms"] = CPU_MS["root"]
    results["org_coverage_root"] = root_counts["org_coverage"]
    json.dump(results, sys.stdout)


def _today():
    from django.utils import timezone

    return timezone.localdate()


if __name__ == "__main__":
    main()

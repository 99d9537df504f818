"""Runs inside the bench database's Django (subprocess of bench/life.py); prints JSON.

Times organization-life compliance (SQL aggregates, life.compliance) for the whole
province dataset, one county's children and one county, and the per-organization
reference implementation (life.reference) on the same county, so the ratio comes
from the same run on the same data; the two results must agree.
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

from liangxin.demo.scales import ANCHOR_DATE  # noqa: E402
from liangxin.life import compliance  # noqa: E402
from liangxin.life.models import Meeting  # noqa: E402
from liangxin.life.reference import reference_figures  # noqa: E402
from liangxin.organizations.models import PartyOrganization  # noqa: E402
from liangxin.regions.models import Region  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
YEAR = ANCHOR_DATE.year


def timed(function, runs=RUNS) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def as_tuples(figures) -> dict:
    return {f.kind: (f.organizations, f.due, f.held, f.behind) for f in figures}


def main() -> None:
    organizations = PartyOrganization.objects.all()
    county = Region.objects.filter(depth=1).order_by("path").first()
    in_county = organizations.filter(region__path__startswith=county.path)
    results = {
        "backend": connection.vendor,
        "organizations_root": organizations.count(),
        "meetings": Meeting.objects.count(),
        "county": county.name,
        "organizations_county": in_county.count(),
    }
    results["root_ms"], root = timed(
        lambda: compliance.total_figures(organizations, YEAR, ANCHOR_DATE), runs=3
    )
    results["children_ms"], _ = timed(
        lambda: compliance.children_figures(organizations, county, YEAR, ANCHOR_DATE)
    )
    results["county_ms"], engine = timed(
        lambda: compliance.region_figures(organizations, county, YEAR, ANCHOR_DATE)
    )
    started = time.perf_counter()
    reference = reference_figures(in_county, YEAR, ANCHOR_DATE)
    results["reference_county_ms"] = (time.perf_counter() - started) * 1000
    results["reference_agrees"] = as_tuples(engine) == reference
    results["root"] = as_tuples(root)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

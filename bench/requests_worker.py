"""Runs inside the bench database's Django (subprocess of bench/requests_suite.py); prints JSON.

Times the request statistics (selectors.statistics: GROUP BY aggregates) by month for the
whole province dataset (a year of requests written by seed_demo), and the per-request
reference implementation (requests.reference) in the same run: on one county always (as the
county's district admin: the reference reads every request of its user's scope), and on the
whole province too when BENCH_REFERENCE=province (one run: it loads every request); both
results must agree figure for figure.
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
from django.utils import timezone  # noqa: E402

from liangxin.accounts.models import User  # noqa: E402
from liangxin.core.roles import Role  # noqa: E402
from liangxin.demo.scales import ANCHOR_DATE  # noqa: E402
from liangxin.regions.models import Region  # noqa: E402
from liangxin.requests import reference, selectors  # noqa: E402
from liangxin.requests.models import Request  # noqa: E402
from liangxin.requests.selectors import MEASURES  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
YEAR = ANCHOR_DATE.year
PROVINCE_USER = "bench_province"


def timed(function, runs=RUNS) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def province_user() -> User:
    """A province-level reader: a region-scoped admin of every county (the dataset has no
    province region above them)."""
    user, _ = User.objects.get_or_create(
        username=PROVINCE_USER, defaults={"role": Role.DISTRICT_ADMIN}
    )
    user.regions.set(Region.objects.filter(depth=1))
    return user


def engine_figures(result) -> dict:
    return {str(row["key"]): [row[k] for k in MEASURES] for row in result.rows}


def reference_figures(result: dict) -> dict:
    return {str(key): [row[k] for k in MEASURES] for key, row in result.items()}


def main() -> None:
    user = province_user()
    district = User.objects.get(username="district_admin")
    county = district.regions.order_by("path").first()
    now = timezone.now()

    def engine(region=None, reader=user):
        return selectors.statistics(
            user=reader, year=YEAR, dimension="month", region=region, now=now
        )

    def oracle(region=None, reader=user):
        return reference.statistics(
            user=reader, year=YEAR, dimension="month", region=region, now=now
        )

    in_county = Request.objects.filter(enterprise__region__path__startswith=county.path)
    town = User.objects.get(username="town_admin").regions.order_by("path").first()
    results = {
        "backend": connection.vendor,
        "requests": Request.objects.count(),
        "county": county.name,
        "requests_county": in_county.count(),
        "town": town.name,
        "town_code": town.code,
        "runs": RUNS,
    }
    results["province_ms"], province = timed(engine, runs=max(RUNS, 3))
    results["received_province"] = province.total["received"]
    results["county_ms"], county_engine = timed(lambda: engine(county, district))
    started = time.perf_counter()
    county_oracle = oracle(county, district)
    results["reference_county_ms"] = (time.perf_counter() - started) * 1000
    results["county_agrees"] = engine_figures(county_engine) == reference_figures(county_oracle)
    if os.environ.get("BENCH_REFERENCE", "county") == "province":
        started = time.perf_counter()
        province_oracle = oracle()
        results["reference_province_ms"] = (time.perf_counter() - started) * 1000
        results["province_agrees"] = engine_figures(province) == reference_figures(province_oracle)
    results["months"] = engine_figures(province)
    json.dump(results, sys.stdout, default=str)


if __name__ == "__main__":
    main()

"""Runs inside the bench database's Django (subprocess of bench/requests_suite.py); prints JSON.

Times the request statistics (selectors.statistics: GROUP BY aggregates) by month for the
whole province dataset (a year of requests written by seed_demo), and the per-request
reference implementation (requests.reference) in the same run: on one county always (as the
county's district admin: the reference reads every request of its user's scope), and on the
whole province too when BENCH_REFERENCE=province (county by county, see
province_reference); both results must agree figure for figure.
"""

import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
django.setup()

from django.core.paginator import Paginator  # noqa: E402
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


def town_list(town: Region) -> int:
    """What the request list page asks of the database for the town admin's town: the count
    and the first page (views.RequestListView), without the page around it."""
    reader = User.objects.get(username="town_admin")
    requests = selectors.request_list(user=reader).filter(selectors.in_region(town))
    page = Paginator(requests, 25).get_page(1)
    return len(page.object_list) + page.paginator.count


def county_user(county: Region) -> User:
    user, _ = User.objects.get_or_create(
        username=f"bench_county_{county.code}", defaults={"role": Role.DISTRICT_ADMIN}
    )
    user.regions.set([county])
    return user


def province_reference(province, engine, oracle) -> dict:
    """The reference over the whole province, county by county as each county's admin (in
    one piece it loads every request and, on SQLite, its categories' prefetch exceeds the
    number of query parameters): its time is the sum, its counts per month add up to the
    engine's province figures, and each county's figures equal the engine's for it."""
    milliseconds, agree, sums = 0.0, True, {}
    for county in Region.objects.filter(depth=1).order_by("path"):
        reader = county_user(county)
        started = time.perf_counter()
        found = oracle(county, reader)
        milliseconds += (time.perf_counter() - started) * 1000
        agree = agree and engine_figures(engine(county, reader)) == reference_figures(found)
        for month, row in found.items():
            total = sums.setdefault(month, dict.fromkeys(reference.COUNTED, 0))
            for name in reference.COUNTED:
                total[name] += row[name]
    engine_counts = {
        row["key"]: {name: row[name] for name in reference.COUNTED} for row in province.rows
    }
    return {
        "reference_province_ms": milliseconds,
        "province_agrees": agree and engine_counts == sums,
        "counties": Region.objects.filter(depth=1).count(),
    }


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
        results.update(province_reference(province, engine, oracle))
    results["list_ms"], _ = timed(lambda: town_list(town), runs=max(RUNS, 10))
    results["months"] = engine_figures(province)
    json.dump(results, sys.stdout, default=str)


if __name__ == "__main__":
    main()

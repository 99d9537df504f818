"""Runs inside a bench database's Django (subprocess of bench/board.py); prints JSON.

``scores`` (province dataset): times the board's scores by SQL aggregates
(liangxin.board.engine) for every organization of the province — grouped by town, and
with every organization its own subject — and for one county by town, then the
per-organization reference (liangxin.board.reference) on the same county in the same
run; the two must give the same values, scores and ranks.

``setup`` (zone dataset): makes the district's board of towns and parks the page bench
asks for (once), as the demo's district admin, through the services; prints its id.
"""

import json
import os
import statistics
import sys
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
django.setup()

from django.db import connection  # noqa: E402

from liangxin.board import engine  # noqa: E402
from liangxin.board.indicators import CATALOGUE  # noqa: E402
from liangxin.board.reference import reference_table  # noqa: E402
from liangxin.board.scoring import Weighted  # noqa: E402
from liangxin.demo.scales import ANCHOR_DATE  # noqa: E402
from liangxin.organizations.models import PartyOrganization  # noqa: E402
from liangxin.regions.models import Region  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
WEIGHTS = {
    "life.compliance": 30,
    "standards.checklist": 20,
    "standards.rectifications": 10,
    "ratings.star_level": 20,
    "coverage.org_coverage": 20,
}


def indicators(*, organizations: bool = False) -> tuple[Weighted, ...]:
    return tuple(
        Weighted(key, Decimal(weight), CATALOGUE[key].default_full)
        for key, weight in WEIGHTS.items()
        if not (organizations and CATALOGUE[key].level != "organization")
    )


def timed(function, runs=RUNS) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def as_tuples(rows) -> list:
    return [(r.subject.key, r.values, r.score, r.rank) for r in rows]


def scores() -> dict:
    county = Region.objects.filter(depth=1).order_by("path").first()
    town_depth = county.depth + 1
    province = engine.Spec("region", "", town_depth, indicators())
    every = engine.Spec("organization", "", None, indicators(organizations=True))
    in_county = engine.Spec("region", county.path, town_depth, indicators())
    results = {
        "backend": connection.vendor,
        "organizations": PartyOrganization.objects.count(),
        "county": county.name,
        "organizations_county": engine.population(in_county, ANCHOR_DATE).count(),
    }
    results["province_ms"], rows = timed(lambda: engine.table(province, ANCHOR_DATE), runs=1)
    results["towns"] = len(rows)
    results["every_ms"], rows = timed(lambda: engine.table(every, ANCHOR_DATE), runs=1)
    results["scored_organizations"] = len(rows)
    results["county_ms"], got = timed(lambda: engine.table(in_county, ANCHOR_DATE))
    started = time.perf_counter()
    expected = reference_table(in_county, ANCHOR_DATE)
    results["reference_county_ms"] = (time.perf_counter() - started) * 1000
    results["same_ranks"] = [(r.subject.key, r.rank) for r in got] == [
        (r.subject.key, r.rank) for r in expected
    ]
    results["reference_agrees"] = as_tuples(got) == as_tuples(expected)
    results["county_towns"] = len(got)
    return results


def _board(admin, district, name: str, kind: str, depth: int | None):
    from liangxin.board import services
    from liangxin.board.models import Board

    board = Board.objects.filter(name=name, region=district).first()
    if board is not None:
        return board
    data = {"name": name, "region": district, "subject_kind": kind, "subject_depth": depth}
    board = services.board_save(actor=admin, data={**data, "period": "quarterly"})
    for key, weight in WEIGHTS.items():
        if kind == "organization" and CATALOGUE[key].level != "organization":
            continue
        services.indicator_save(
            actor=admin, board=board, key=key, weight=Decimal(weight), source="基准"
        )
    return board


def setup() -> dict:
    """The zone's district ranks its 片区 (two levels down: the zone has one park) and,
    on a second board, every organization of the district."""
    from liangxin.accounts.models import User

    admin = User.objects.get(username="district_admin")
    district = admin.regions.order_by("path").first()
    areas = _board(admin, district, "基准：片区比学赶超", "region", 2)
    organizations = _board(admin, district, "基准：党组织比学赶超", "organization", None)
    return {
        "areas": areas.pk,
        "organizations": organizations.pk,
        "area_count": Region.objects.filter(depth=district.depth + 2).count(),
        "organization_count": engine.population(engine.spec_of(organizations), ANCHOR_DATE).count(),
    }


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "scores"
    json.dump(scores() if action == "scores" else setup(), sys.stdout, default=str)

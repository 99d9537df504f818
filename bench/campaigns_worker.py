"""Runs inside the province database's Django (subprocess of bench/campaigns.py); prints JSON.

(a) 双覆盖百日攻坚 in every county of the province dataset (the dataset has no province region
above its 90 county roots, so the province's drive is 90 county drives, each with a target on
every indicator of the kind on its county), created through campaigns.services as a
province-level district admin; then the daily progress job as the scheduler runs it
(campaigns.schedule.record_daily_progress → services.progress_record for each running
campaign → indicators.measure per target), timed in its parts; then a plain reference that
counts each target's units region by region, one query at a time, whose figures must equal
the job's; the province root's figures (the sum of the counties) must equal the coverage
engine's one aggregate over the whole dataset.

(b) The funding plan of the per-organization rule (services.plan → selectors.allocation_plan)
for one county and for every county, with a budget big enough created here, and the whole
province in one call of the selector (path prefix ""); the line counts and totals must agree.

Everything is written inside one transaction that is rolled back at the end: the shared
province dataset is left as it was.
"""

import datetime
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from liangxin.accounts.models import User  # noqa: E402
from liangxin.campaigns import schedule  # noqa: E402
from liangxin.campaigns import services as campaign_services  # noqa: E402
from liangxin.campaigns.models import Campaign, CampaignKind, CampaignProgress, WorkItem  # noqa: E402
from liangxin.core.roles import Role  # noqa: E402
from liangxin.coverage.definitions import (  # noqa: E402
    MEMBER_ENTERPRISE_MIN_EMPLOYEES,
    SINGLE_FORMATION_MIN_EMPLOYEES,
    branch_min_full_members,
)
from liangxin.coverage.selectors import coverage_counts  # noqa: E402
from liangxin.demo.scales import ANCHOR_DATE  # noqa: E402
from liangxin.enterprises.models import Enterprise  # noqa: E402
from liangxin.funding import selectors as funding_selectors  # noqa: E402
from liangxin.funding import services as funding_services  # noqa: E402
from liangxin.funding.models import FundingRule  # noqa: E402
from liangxin.regions.models import Region  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# Work items (the kind's work lists) make the job's done-day updates realistic; 0 skips them.
WITH_ITEMS = os.environ.get("BENCH_CAMPAIGN_ITEMS", "1") != "0"
PARTS = os.environ.get("BENCH_CAMPAIGN_PARTS", "campaigns,funding,venues").split(",")
PROVINCE_USER = "bench_province"
BIG_BUDGET = "999999999999.00"


class WholeProvince:
    """The path prefix "" (every county root): the dataset has no province region."""

    path = ""
    depth = 0
    name = "全省"


def province_user() -> User:
    user, _ = User.objects.get_or_create(
        username=PROVINCE_USER, defaults={"role": Role.DISTRICT_ADMIN}
    )
    user.regions.set(Region.objects.filter(depth=1))
    return user


# --- (a) the campaigns -----------------------------------------------------------------


def create_campaigns(actor, counties, today) -> tuple[list[Campaign], dict]:
    kind = CampaignKind.objects.get(code="double_coverage")
    indicators = [key for key, _ in kind.indicator_choices()]
    timings = {"targets_ms": 0.0, "items_ms": 0.0, "items": 0}
    campaigns = []
    for county in counties:
        campaign = campaign_services.campaign_create(
            actor=actor,
            kind=kind,
            title=f"{today.year}年{county.name}“双覆盖”百日攻坚（基准测试）",
            region=county,
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=70),
        )
        started = time.perf_counter()
        for indicator in indicators:
            campaign_services.target_set(
                actor=actor,
                campaign=campaign,
                region=county,
                indicator=indicator,
                goal=Decimal(100),
            )
        timings["targets_ms"] += (time.perf_counter() - started) * 1000
        if WITH_ITEMS:
            started = time.perf_counter()
            timings["items"] += campaign_services.workitems_generate(actor=actor, campaign=campaign)
            timings["items_ms"] += (time.perf_counter() - started) * 1000
        campaigns.append(campaign)
    timings["indicators"] = indicators
    return campaigns, timings


class PartTimer:
    """Wraps a function of campaigns.services to add up the milliseconds spent in it."""

    def __init__(self, module, name):
        self.module, self.name = module, name
        self.original = getattr(module, name)
        self.ms, self.calls = 0.0, 0

    def __enter__(self):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.ms += (time.perf_counter() - started) * 1000
                self.calls += 1

        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)


def run_daily_job(today) -> dict:
    with (
        PartTimer(campaign_services, "_record_done_days") as done_days,
        PartTimer(campaign_services, "measure") as measures,
        PartTimer(campaign_services, "_item_counts") as item_counts,
    ):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = schedule.record_daily_progress(on=today)
        wall = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - started_cpu) * 1000
    return {
        "job_ms": wall,
        "job_cpu_ms": cpu,
        "job_campaigns": len(found),
        "done_days_ms": done_days.ms,
        "measure_ms": measures.ms,
        "measure_calls": measures.calls,
        "item_counts_ms": item_counts.ms,
    }


# The indicators restated plainly from DOMAIN.md §3 (not the engine's expressions): each a
# (denominator, numerator-within-denominator) filter on the unit and its facts row.
def plain_filters(on: datetime.date) -> dict[str, tuple[Q, Q]]:
    covered = Q(facts__covered_until__gt=on)
    own = Q(facts__own_org_until__gt=on)
    return {
        "org_coverage": (Q(), covered),
        "above_scale_org_coverage": (Q(above_scale=True), covered),
        "work_coverage": (Q(), covered | Q(facts__active_instructors__gt=0)),
        "single_formation_100": (Q(employee_count__gte=SINGLE_FORMATION_MIN_EMPLOYEES), own),
        "member_enterprise_coverage_50": (
            Q(employee_count__gte=MEMBER_ENTERPRISE_MIN_EMPLOYEES, facts__employed_members__gt=0),
            covered,
        ),
        "should_build": (Q(facts__full_members__gte=branch_min_full_members()), own),
    }


def naive_reference(campaigns, on) -> tuple[dict, int]:
    """{(campaign id, region id, indicator): (numerator, denominator, open, done)}: for each
    target, every region of its subtree, the region's own operating enterprises counted by
    two COUNT queries (denominator, numerator), then summed; the items by two more counts."""
    filters = plain_filters(on)
    found, queries = {}, 0
    for campaign in campaigns:
        for target in campaign.targets.select_related("region"):
            denominator_q, numerator_q = filters[target.indicator]
            numerator = denominator = 0
            for region_id in Region.objects.filter(path__startswith=target.region.path).values_list(
                "id", flat=True
            ):
                units = Enterprise.objects.filter(
                    region_id=region_id, category="enterprise", status="operating"
                ).filter(denominator_q)
                denominator += units.count()
                numerator += units.filter(numerator_q).count()
                queries += 2
            items = WorkItem.objects.filter(
                campaign=campaign, enterprise__region__path__startswith=target.region.path
            )
            done = items.filter(done_on__isnull=False).count()
            open_ = items.filter(done_on__isnull=True).count()
            queries += 2
            found[(campaign.pk, target.region_id, target.indicator)] = (
                numerator,
                denominator,
                open_,
                done,
            )
    return found, queries


def recorded(campaigns, on) -> dict:
    rows = CampaignProgress.objects.filter(target__campaign__in=campaigns, on=on).values_list(
        "target__campaign_id",
        "target__region_id",
        "target__indicator",
        "numerator",
        "denominator",
        "open_items",
        "done_items",
    )
    return {(c, r, i): (n, d, o, k) for c, r, i, n, d, o, k in rows}


def province_root(reference: dict, indicators) -> tuple[dict, dict, float]:
    """The province root's figures: the counties' reference sums and the coverage engine's
    one aggregate over the whole dataset (timed)."""
    sums = {key: [0, 0] for key in indicators}
    for (_, _, indicator), (numerator, denominator, _, _) in reference.items():
        sums[indicator][0] += numerator
        sums[indicator][1] += denominator
    started = time.perf_counter()
    engine = coverage_counts(region=WholeProvince())
    ms = (time.perf_counter() - started) * 1000
    return (
        {key: tuple(value) for key, value in sums.items()},
        {k: tuple(engine[k]) for k in indicators},
        ms,
    )


def campaigns_part(actor, counties, today) -> dict:
    started = time.perf_counter()
    campaigns, setup = create_campaigns(actor, counties, today)
    results = {
        "setup_ms": (time.perf_counter() - started) * 1000,
        "targets_ms": setup["targets_ms"],
        "items_ms": setup["items_ms"],
        "items": setup["items"],
        "indicators": setup["indicators"],
        "campaigns": len(campaigns),
        "targets": sum(campaign.targets.count() for campaign in campaigns),
    }
    results.update(run_daily_job(today))
    results["job_targets"] = CampaignProgress.objects.filter(on=today).count()
    job = recorded(campaigns, today)
    started = time.perf_counter()
    reference, queries = naive_reference(campaigns, today)
    results["reference_ms"] = (time.perf_counter() - started) * 1000
    results["reference_queries"] = queries
    mismatches = sorted(str(key) for key in reference if reference[key] != job.get(key))
    results["mismatches"] = mismatches[:10]
    results["agrees"] = not mismatches and len(job) == len(reference)
    sums, engine, root_ms = province_root(reference, setup["indicators"])
    results["root_ms"] = root_ms
    results["root_agrees"] = sums == engine
    results["root_figures"] = {key: list(value) for key, value in sums.items()}
    results["root_engine"] = {key: list(value) for key, value in engine.items()}
    return results


# --- (b) the funding plan --------------------------------------------------------------


def median_ms(function, runs=RUNS) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def funding_part(actor, counties) -> dict:
    rule = FundingRule.objects.get(code="per-organization")
    year = ANCHOR_DATE.year
    budgets = {}
    for county in counties:
        budgets[county.pk] = funding_services.budget_save(
            actor=actor,
            year=year,
            region=county,
            money_source=rule.money_source,
            amount=BIG_BUDGET,
        )
    county = counties[0]
    results = {"year": year, "rule": rule.name, "county": county.name}
    results["county_ms"], plan = median_ms(lambda: funding_services.plan(county, year, rule))
    results["county_lines"], results["county_total"] = len(plan.lines), str(plan.total)

    def every_county():
        return [funding_services.plan(c, year, rule) for c in counties]

    results["counties_ms"], plans = median_ms(every_county, runs=1)
    results["counties_lines"] = sum(len(p.lines) for p in plans)
    counties_total = sum((p.total for p in plans), Decimal("0"))

    def whole():
        return funding_selectors.allocation_plan(
            region=WholeProvince(), year=year, rule=rule, budget=budgets[county.pk]
        )

    results["province_ms"], province = median_ms(whole, runs=1)
    results["province_lines"], results["province_total"] = len(province.lines), str(province.total)
    results["funding_agrees"] = (
        results["counties_lines"] == results["province_lines"]
        and counties_total == province.total
        and str(plans[0].total) == results["county_total"]
    )
    by_kind = defaultdict(int)
    for line in province.lines:
        by_kind[line.organization.kind] += 1
    results["province_by_kind"] = dict(by_kind)
    return results


# --- (c) the venues' roll-up -----------------------------------------------------------


def venues_part(actor, counties) -> dict:
    """阵地 statistics page's figures (venues.selectors.activity_figures: activities and
    组织生活 held at each place in the year, by town) for one county and the province, as the
    province-level admin; and the places by town and kind (crosstab)."""
    from liangxin.life.models import Meeting
    from liangxin.organizations.models import PartyStation
    from liangxin.venues import selectors as venue_selectors

    year = ANCHOR_DATE.year
    county = counties[0]
    results = {
        "stations": PartyStation.objects.count(),
        "meetings": Meeting.objects.count(),
        "meetings_linked": Meeting.objects.filter(station__isnull=False).count(),
    }
    results["county_ms"], rows = median_ms(
        lambda: venue_selectors.activity_figures(user=actor, region=county, year=year), runs=1
    )
    results["county_towns"] = len(rows)
    results["province_ms"], rows = median_ms(
        lambda: venue_selectors.activity_figures(user=actor, region=None, year=year), runs=1
    )
    results["province_towns"] = len(rows)
    results["province_meetings"] = sum(row.meetings for row in rows)
    results["crosstab_ms"], table = median_ms(
        lambda: venue_selectors.crosstab(user=actor, region=None, by="kind")
    )
    results["crosstab_total"] = table.total
    return results


def main() -> dict:
    today = timezone.localdate()
    counties = list(Region.objects.filter(depth=1).order_by("path"))
    results = {
        "backend": connection.vendor,
        "today": today.isoformat(),
        "counties": len(counties),
        "units": Enterprise.objects.count(),
    }
    with transaction.atomic():
        actor = province_user()
        if "campaigns" in PARTS:
            results["campaigns"] = campaigns_part(actor, counties, today)
        if "funding" in PARTS:
            results["funding"] = funding_part(actor, counties)
        if "venues" in PARTS:
            results["venues"] = venues_part(actor, counties)
        transaction.set_rollback(True)  # the shared dataset is left as it was
    return results


if __name__ == "__main__":
    json.dump(main(), sys.stdout, default=str, ensure_ascii=False)

"""Reads of the funds: the generation plan (eligible recipients from the registry, SQL),
scoped lists with the spent sum and balance of each allocation (subqueries, so an
allocation is never counted once per expense) and the yearly summary (SQL aggregates)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr

from liangxin.core.scoping import scoped
from liangxin.funding import amounts
from liangxin.funding.models import (
    Allocation,
    AllocationState,
    Basis,
    Budget,
    Expense,
    FundingRule,
    FundingRuleVersion,
)
from liangxin.funding.rules import ENTERPRISE_SHARE_PERCENT
from liangxin.organizations.models import COVERING_KINDS, PartyOrganization, PartyStation
from liangxin.ratings.models import CycleState, Rating, RatingState, RubricModel
from liangxin.regions.models import Region
from liangxin.rules.values import rule_value
from liangxin.workforce.models_people import Allowance, AllowanceState

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _zero():
    return Value(ZERO, output_field=MONEY)


# --- the generation plan ----------------------------------------------------------------


@dataclass
class Line:
    organization: PartyOrganization | None
    station: PartyStation | None
    region_id: int
    amount: Decimal = ZERO
    versions: list = field(default_factory=list)
    computation: str = ""
    allowance: Allowance | None = None  # 按人: the workforce app's allowance line paid

    @property
    def name(self) -> str:
        recipient = (self.organization or self.station).name
        if self.allowance is not None:
            return f"{self.allowance.worker.name}（{recipient}）"
        return recipient


@dataclass
class Plan:
    rule: FundingRule
    year: int
    budget: Budget
    budget_used: Decimal
    lines: list[Line]
    skipped: int  # recipients that already have the year's allocation under the rule
    notes: list[str] = field(default_factory=list)  # what the preview must say besides

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.budget.amount - self.budget_used


def year_versions(rule: FundingRule, year: int) -> list[tuple[FundingRuleVersion, int]]:
    """The rule's versions in force in the year with their months in force."""
    found = []
    for version in rule.versions.order_by("effective_from"):
        months = amounts.months_in_force(version, year)
        if months:
            found.append((version, months))
    return found


def rated_level(year: int) -> Subquery:
    """The organization's stars from the rating cycle of ``year`` (its final result in a
    finalized or archived cycle of a star rubric; the latest finalized when several), or
    NULL when it was not rated that year. 以奖代补 for a year pays the stars that year's
    rating gave, not the stars the organization holds today."""
    results = (
        Rating.objects.filter(
            organization=OuterRef("pk"),
            cycle__year=year,
            state=RatingState.FINAL,
            cycle__state__in=(CycleState.FINALIZED, CycleState.ARCHIVED),
        )
        .exclude(cycle__rubric__model=RubricModel.GRADES)
        .order_by("-cycle__finalized_on", "-cycle_id")
        .values("level")[:1]
    )
    return Subquery(results, output_field=IntegerField())


def eligible_organizations(
    region: Region, year: int, version: FundingRuleVersion, *, rated: bool = True
) -> QuerySet:
    """Organizations of the region's subtree that cover a non-public enterprise, of the
    version's kinds (default: the covering kinds), existing at some time in the year; under
    以奖代补 (``rated``) only those the year's rating cycle gave the version's stars."""
    kinds = version.codes("org_kinds") or list(COVERING_KINDS)
    rows = PartyOrganization.objects.filter(
        region__path__startswith=region.path,
        kind__in=kinds,
        coverage_links__isnull=False,
    ).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=datetime.date(year, 12, 31)),
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=datetime.date(year, 1, 1)),
    )
    if version.rule.basis == Basis.BY_RATING and rated:
        rows = rows.annotate(rated_level=rated_level(year)).filter(rated_level=version.star_level)
    return rows.distinct()


def eligible_stations(region: Region, version: FundingRuleVersion) -> QuerySet:
    rows = PartyStation.objects.filter(region__path__startswith=region.path)
    levels, kinds = version.codes("station_levels"), version.codes("venue_kinds")
    if levels:
        rows = rows.filter(level__in=levels)
    if kinds:  # the kind of place is the venues app's profile (园区党群服务中心 …)
        rows = rows.filter(venue__kind__code__in=kinds)
    return rows


def _recipients(region, year, version) -> list[tuple[int, int, datetime.date | None]]:
    """(recipient id, region id, founding date) of one version (stations: no date)."""
    if version.rule.basis == Basis.PER_CENTRE:
        rows = eligible_stations(region, version).values_list("pk", "region_id")
        return [(pk, region_id, None) for pk, region_id in rows]
    rows = eligible_organizations(region, year, version)
    return list(rows.values_list("pk", "region_id", "established_on"))


def _months(version, year: int, months: int, founded: datetime.date | None) -> int:
    """The version's months for one recipient: all its months in force, or with
    ``prorate_founding`` only those from the founding month of an organization founded
    during the year (see FundingRuleVersion)."""
    if version.prorate_founding and founded is not None and founded.year == year:
        return amounts.months_in_force(version, year, from_month=founded.month)
    return months


def _unrated_note(region: Region, year: int, version: FundingRuleVersion) -> str:
    """The preview's word on 以奖代补: which year's results it reads, and how many
    organizations it leaves out for want of a result that year."""
    unrated = (
        eligible_organizations(region, year, version, rated=False)
        .annotate(rated_level=rated_level(year))
        .filter(rated_level__isnull=True)
        .count()
    )
    note = f"按 {year} 年度评星定级周期的定级结果计发（不看党组织现有星级）"
    if unrated:
        note += f"；{unrated} 个党组织 {year} 年度未评定星级，不享受以奖代补"
    return note


def _used(budget: Budget) -> Decimal:
    return amounts.quantize(budget.allocations.aggregate(s=Coalesce(Sum("amount"), _zero()))["s"])


def allowance_plan(*, region: Region, year: int, rule: FundingRule, budget: Budget) -> Plan:
    """按人: one line per allowance line of the workforce app's list of ``year`` (approved
    or paid only; a computed line is not yet decided) of the workers of the region's
    subtree, for exactly its amount, paid through the worker's organization (or their
    党群工作站 when they have no organization). A line already allocated, under any rule,
    is skipped (nothing double-counted)."""
    rows = (
        Allowance.objects.filter(
            year=year,
            state__in=(AllowanceState.APPROVED, AllowanceState.PAID),
            worker__region__path__startswith=region.path,
        )
        .select_related("worker__organization", "worker__station")
        .order_by("worker__region__path", "worker__name", "kind", "id")
    )
    taken = set(
        Allocation.objects.filter(allowance__in=rows).values_list("allowance_id", flat=True)
    )
    versions = [version for version, _ in year_versions(rule, year)]
    lines, nowhere = [], []
    for allowance in rows:
        if allowance.pk in taken:
            continue
        worker = allowance.worker
        organization = worker.organization
        station = None if organization else worker.station
        if organization is None and station is None:
            nowhere.append(worker.name)
            continue
        lines.append(
            Line(
                organization=organization,
                station=station,
                region_id=worker.region_id,
                amount=amounts.quantize(allowance.amount),
                versions=versions,
                computation=(f"{worker.name} {allowance.get_kind_display()}：{allowance.basis}")[
                    :300
                ],
                allowance=allowance,
            )
        )
    notes = [f"按党务工作者模块 {year} 年度已审批（或已发放）的津贴逐笔生成，金额与津贴一致"]
    if nowhere:
        notes.append(f"{'、'.join(nowhere)} 未登记所在党组织或党群工作站，其津贴不能生成拨付")
    return Plan(rule, year, budget, _used(budget), lines, skipped=len(taken), notes=notes)


def allocation_plan(*, region: Region, year: int, rule: FundingRule, budget: Budget) -> Plan:
    """Each eligible recipient's amount: for each version, months in force × amount / 12,
    summed and quantized once; recipients already allocated are skipped."""
    from django.core.exceptions import ValidationError

    if rule.basis == Basis.PER_PERSON:
        return allowance_plan(region=region, year=year, rule=rule, budget=budget)
    versions = year_versions(rule, year)
    if not versions:
        raise ValidationError(f"该规则在 {year} 年没有生效的版本")
    for version, _ in versions:
        if version.amount is None:
            raise ValidationError(f"“{rule.name}”第 {version.number} 版尚未录入金额")
    by_station = rule.basis == Basis.PER_CENTRE
    shares: dict[int, Decimal] = defaultdict(lambda: ZERO)
    used: dict[int, list] = defaultdict(list)
    parts: dict[int, list[str]] = defaultdict(list)
    regions: dict[int, int] = {}
    for version, months in versions:
        for pk, region_id, founded in _recipients(region, year, version):
            counted = _months(version, year, months, founded)
            if not counted:
                continue
            shares[pk] += amounts.share(version.amount, counted)
            used[pk].append(version)
            part = f"第{version.number}版 {version.amount}元×{counted}/12"
            if counted != months:
                part += f"（{founded.month}月成立，按月折算）"
            parts[pk].append(part)
            regions[pk] = region_id
    existing = Allocation.objects.filter(rule=rule, year=year)
    existing = set(
        existing.values_list("station_id" if by_station else "organization_id", flat=True)
    )
    model = PartyStation if by_station else PartyOrganization
    names = model.objects.in_bulk([pk for pk in shares if pk not in existing])
    lines = [
        Line(
            organization=None if by_station else names[pk],
            station=names[pk] if by_station else None,
            region_id=regions[pk],
            amount=amounts.quantize(shares[pk]),
            versions=used[pk],
            computation=" + ".join(parts[pk]),
        )
        for pk in sorted(names, key=lambda pk: names[pk].name)
    ]
    notes = [_unrated_note(region, year, versions[0][0])] if rule.basis == Basis.BY_RATING else []
    return Plan(
        rule, year, budget, _used(budget), lines, skipped=len(set(shares) & existing), notes=notes
    )


# --- lists ------------------------------------------------------------------------------


def spent_subquery(prefix: str = "pk"):
    sums = (
        Expense.objects.filter(allocation=OuterRef(prefix))
        .values("allocation")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(sums, output_field=MONEY), _zero())


def allocations(*, user) -> QuerySet:
    rows = Allocation.objects.select_related(
        "rule", "organization", "station", "region", "budget"
    ).annotate(spent=spent_subquery())
    rows = rows.annotate(balance=ExpressionWrapper(F("amount") - F("spent"), output_field=MONEY))
    return scoped(rows, user).order_by("-year", "region__path", "rule__code", "id")


def budgets(*, user) -> QuerySet:
    used = (
        Allocation.objects.filter(budget=OuterRef("pk"))
        .values("budget")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    rows = Budget.objects.select_related("region").annotate(
        allocated=Coalesce(Subquery(used, output_field=MONEY), _zero())
    )
    return scoped(rows, user)


def region_choices(user) -> QuerySet:
    """Regions down to towns and parks, for the filters and the generation form."""
    return scoped(Region.objects.filter(depth__lte=2), user).order_by("path")


def enterprise_share_warning(record) -> str:
    """The enterprise-side warning of the 1% (经费通知): empty when within it."""
    percent = Decimal(str(rule_value(ENTERPRISE_SHARE_PERCENT)))
    limit = amounts.quantize(record.wage_bill * percent / 100)
    if record.party_funds > limit:
        return (
            f"党建工作经费 {record.party_funds} 元超过职工工资薪金总额的 {percent}%"
            f"（{limit} 元），超出部分不能税前扣除（经费通知）"
        )
    return ""


# --- the yearly summary -----------------------------------------------------------------


@dataclass
class Summary:
    by: str
    rows: list[dict]
    total: dict


DIMENSIONS = {"region": "区域", "rule": "经费规则", "source": "资金来源"}


def _group(by: str, region: Region | None, prefix: str = ""):
    """The SQL expression rows are grouped on, and its labelling."""
    if by == "rule":
        return F(f"{prefix}rule__name")
    if by == "source":
        return F(f"{prefix}rule__money_source")
    depth = (region.depth + 1) if region else 2
    return Substr(f"{prefix}region__path", 1, depth * Region.steplen)


def summary(*, user, year: int, region: Region | None = None, by: str = "region") -> Summary:
    """Allocated, paid, spent and balance by region (one level below the chosen one),
    rule or source of money: two grouped queries (allocations, expenses), merged."""
    from liangxin.funding.models import MoneySource

    by = by if by in DIMENSIONS else "region"
    rows = scoped(Allocation.objects.filter(year=year), user)
    spent_rows = scoped(Expense.objects.filter(allocation__year=year), user)
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
        spent_rows = spent_rows.filter(allocation__region__path__startswith=region.path)
    allocated = (
        rows.annotate(key=_group(by, region))
        .values("key")
        .annotate(
            count=Count("pk"),
            allocated=Sum("amount"),
            paid=Coalesce(Sum("amount", filter=Q(state=AllocationState.PAID)), _zero()),
        )
        .order_by("key")
    )
    spent = dict(
        spent_rows.annotate(key=_group(by, region, "allocation__"))
        .values("key")
        .annotate(s=Sum("amount"))
        .values_list("key", "s")
    )
    labels = _labels(by, [row["key"] for row in allocated], dict(MoneySource.choices))
    result = []
    for row in allocated:
        used = spent.get(row["key"]) or ZERO
        result.append(
            {
                "label": labels.get(row["key"], row["key"]),
                "count": row["count"],
                "allocated": row["allocated"],
                "paid": row["paid"],
                "spent": used,
                "balance": row["allocated"] - used,
            }
        )
    total = {
        key: sum((r[key] for r in result), ZERO if key != "count" else 0)
        for key in ("count", "allocated", "paid", "spent", "balance")
    }
    return Summary(by, result, total)


def _labels(by: str, keys: list, sources: dict) -> dict:
    if by == "source":
        return {key: sources.get(key, key) for key in keys}
    if by == "region":
        return dict(Region.objects.filter(path__in=keys).values_list("path", "name"))
    return {key: key for key in keys}


def ledger(*, user, year: int, region: Region | None = None):
    """The year's allocations and their expenses (each with its ``receipt_count``), for
    the finance export."""
    rows = allocations(user=user).filter(year=year)
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
    expenses = (
        scoped(Expense.objects.filter(allocation__in=rows.values("pk")), user)
        .select_related("category")
        .annotate(receipt_count=Count("receipts"))
        .order_by("allocation_id", "spent_on", "id")
    )
    by_allocation = defaultdict(list)
    for expense in expenses:
        by_allocation[expense.allocation_id].append(expense)
    return [(allocation, by_allocation[allocation.pk]) for allocation in rows]


def finance_rows(*, user, year: int, region: Region | None = None) -> list[dict]:
    """The finance summary: by region (one level below the chosen one), rule and source,
    from two grouped queries (allocations; expenses) merged on the same key."""
    from liangxin.funding.models import MoneySource

    rows = scoped(Allocation.objects.filter(year=year), user)
    spent_rows = scoped(Expense.objects.filter(allocation__year=year), user)
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
        spent_rows = spent_rows.filter(allocation__region__path__startswith=region.path)
    keys = ("area", "rule__name", "rule__money_source")
    allocated = (
        rows.annotate(area=_group("region", region))
        .values(*keys)
        .annotate(
            count=Count("pk"),
            allocated=Sum("amount"),
            paid=Coalesce(Sum("amount", filter=Q(state=AllocationState.PAID)), _zero()),
        )
        .order_by(*keys)
    )
    spent = {
        (r["area"], r["allocation__rule__name"], r["allocation__rule__money_source"]): r["s"]
        for r in spent_rows.annotate(area=_group("region", region, "allocation__"))
        .values("area", "allocation__rule__name", "allocation__rule__money_source")
        .annotate(s=Sum("amount"))
    }
    names = _labels("region", [r["area"] for r in allocated], {})
    sources = dict(MoneySource.choices)
    return [
        {
            "region": names.get(r["area"], ""),
            "rule": r["rule__name"],
            "source": sources.get(r["rule__money_source"], r["rule__money_source"]),
            "count": r["count"],
            "allocated": r["allocated"],
            "paid": r["paid"],
            "spent": spent.get((r["area"], r["rule__name"], r["rule__money_source"])) or ZERO,
        }
        for r in allocated
    ]

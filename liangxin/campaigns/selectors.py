"""Reads of the campaigns: every list and figure is scoped; figures are SQL aggregates and
the indicators come from the coverage engine (coverage.selectors), never recomputed here."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from liangxin.campaigns import permissions
from liangxin.campaigns.indicators import measure
from liangxin.campaigns.models import (
    Campaign,
    CampaignProgress,
    Round,
    RoundRow,
    RowState,
    Target,
    WorkItem,
)
from liangxin.core.numbers import rate
from liangxin.core.roles import Role
from liangxin.core.scoping import scoped, user_scope
from liangxin.coverage.worklists import WORK_LISTS, region_work_list, work_list
from liangxin.regions.models import Region


def campaigns(*, user) -> QuerySet:
    return (
        scoped(Campaign.objects.select_related("kind", "region"), user)
        .annotate(
            target_count=Count("targets", distinct=True), item_count=Count("items", distinct=True)
        )
        .order_by("-starts_on", "-id")
    )


def open_items_q(campaign: Campaign, user=None) -> Q | None:
    """Items whose enterprise is still on their work list (the engine's lists, read live):
    in ``user``'s scope, or with no user over the campaign's whole region (the daily job)."""

    def listed(key):
        if user is None:
            return region_work_list(key=key, region=campaign.region)
        return work_list(key=key, user=user, region=campaign.region)

    parts = [
        Q(list_key=key, enterprise_id__in=listed(key).values("pk"))
        for key in campaign.kind.work_lists
        if key in WORK_LISTS
    ]
    if not parts:
        return None
    found = parts[0]
    for part in parts[1:]:
        found |= part
    return found


def work_items(*, user, campaign: Campaign) -> QuerySet:
    """The campaign's items the user sees, each with ``is_open`` read live."""
    still_open = open_items_q(campaign, user)
    flag = (
        Case(When(still_open, then=Value(True)), default=Value(False), output_field=BooleanField())
        if still_open is not None
        else Value(False, output_field=BooleanField())
    )
    items = WorkItem.objects.filter(campaign=campaign).select_related(
        "enterprise", "enterprise__region"
    )
    return scoped(items, user).annotate(is_open=flag)


def item_counts(*, user, campaign: Campaign, region: Region) -> dict:
    """{"open": n, "done": n} of the items under ``region``, live."""
    rows = work_items(user=user, campaign=campaign).filter(
        enterprise__region__path__startswith=region.path
    )
    counts = rows.aggregate(total=Count("id"), open=Count("id", filter=Q(is_open=True)))
    return {"open": counts["open"], "done": counts["total"] - counts["open"]}


def percent_text(value: Decimal) -> str:
    """100.00 → "100%", 95.50 → "95.5%" (normalize alone would give "1E+2")."""
    return f"{value.quantize(Decimal('0.01')).normalize():f}%"


@dataclass(frozen=True)
class TargetFigures:
    target: Target
    baseline: float | None
    live: float | None
    live_numerator: int
    live_denominator: int
    gap: Decimal | None
    open_items: int
    done_items: int
    series: list
    editable: bool = False

    @property
    def goal_text(self) -> str:
        return percent_text(self.target.goal)

    @property
    def gap_text(self) -> str:
        return "—" if self.gap is None else percent_text(self.gap)

    @property
    def reached(self) -> bool:
        return self.live is not None and Decimal(str(self.live)) >= self.target.goal


def target_editable(user, campaign: Campaign, region: Region) -> bool:
    """Who may set the target of ``region``: an organizer whose scope holds the whole
    campaign, or whose scope holds a region strictly above ``region`` (a town sets its
    grids' and villages' targets in the district's drive). The district's target for the
    town is the district's: the town reads it and may not change it."""
    if not permissions.can_organize(user):
        return False
    paths = user_scope(user).region_paths
    return any(
        campaign.region.path.startswith(path)
        or (region.path.startswith(path) and region.path != path)
        for path in paths
    )


def target_figures(*, user, campaign: Campaign) -> list[TargetFigures]:
    """Each target the user sees (its region in the user's scope: a town reads the
    district's target for it and those under it, never another town's): baseline,
    today's live value, goal, gap, items, series, and whether the user may change it."""
    today = timezone.localdate()
    found = []
    targets = scoped(Target.objects.filter(campaign=campaign).select_related("region"), user)
    counts: dict = {}  # each region's coverage indicators counted once for the page
    for target in targets:
        num, den = measure(campaign, target.region, target.indicator, today, counts=counts)
        live = rate(num, den)
        gap = None if live is None else max(target.goal - Decimal(str(live)), Decimal("0"))
        counts = item_counts(user=user, campaign=campaign, region=target.region)
        series = list(scoped(CampaignProgress.objects.filter(target=target), user).order_by("on"))
        found.append(
            TargetFigures(
                target=target,
                baseline=rate(target.baseline_numerator, target.baseline_denominator),
                live=live,
                live_numerator=num,
                live_denominator=den,
                gap=gap,
                open_items=counts["open"],
                done_items=counts["done"],
                series=series,
                editable=target_editable(user, campaign, target.region),
            )
        )
    return found


def chart_data(figures: list[TargetFigures]) -> dict:
    """The day-by-day lines of the campaign page's chart (one per target, goal beside)."""
    days = sorted({row.on.isoformat() for f in figures for row in f.series})
    lines = []
    for f in figures:
        values = {row.on.isoformat(): row.value for row in f.series}
        lines.append(
            {
                "name": f"{f.target.region.name}·{f.target.get_indicator_display()}",
                "goal": float(f.target.goal),
                "values": [None if values.get(d) is None else float(values[d]) for d in days],
            }
        )
    return {"days": days, "lines": lines}


# --- 摸底排查 --------------------------------------------------------------------------


def rounds(*, user, campaign: Campaign) -> QuerySet:
    return scoped(Round.objects.filter(campaign=campaign), user)


def round_rows(*, user, round_: Round) -> QuerySet:
    rows = RoundRow.objects.filter(round=round_).select_related(
        "enterprise", "enterprise__region", "grid", "confirmed_by"
    )
    return scoped(rows, user)


@dataclass(frozen=True)
class GridProgress:
    grid: Region
    gridded: bool
    total: int
    confirmed: int
    corrected: int
    pending: int
    officers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.grid.name if self.gridded else f"{self.grid.name}（未划网格）"

    @property
    def finished(self) -> bool:
        return self.pending == 0


def round_progress(*, user, round_: Round) -> list[GridProgress]:
    """Per grid (one GROUP BY over the rows the user sees): totals and 完成/未完成."""
    grouped = (
        round_rows(user=user, round_=round_)
        .order_by()
        .values("grid_id", "gridded")
        .annotate(
            total=Count("id"),
            confirmed=Count("id", filter=Q(state=RowState.CONFIRMED)),
            corrected=Count("id", filter=Q(state=RowState.CORRECTED)),
            pending=Count("id", filter=Q(state=RowState.PENDING)),
        )
    )
    grids = Region.objects.in_bulk([row["grid_id"] for row in grouped])
    officers = grid_officers(list(grids))
    found = [
        GridProgress(
            grid=grids[row["grid_id"]],
            gridded=row["gridded"],
            total=row["total"],
            confirmed=row["confirmed"],
            corrected=row["corrected"],
            pending=row["pending"],
            officers=tuple(officers.get(row["grid_id"], ())) if row["gridded"] else (),
        )
        for row in grouped
    ]
    return sorted(found, key=lambda g: g.grid.path)


def grid_officers(grid_ids: list[int]) -> dict[int, list[str]]:
    """{grid id: the names of its active grid officers} (who is to confirm), one query."""
    found: dict[int, list[str]] = {}
    rows = (
        get_user_model()
        .objects.filter(role=Role.GRID_OFFICER, is_active=True, regions__in=grid_ids)
        .values_list("regions", "display_name", "username")
        .order_by("username")
    )
    for grid_id, display_name, username in rows:
        found.setdefault(grid_id, []).append(display_name or username)
    return found


def pending_rows_of_running_rounds(user=None) -> QuerySet:
    """To-do: rows still to confirm in the rounds of running campaigns (core scopes them)."""
    today = timezone.localdate()
    return RoundRow.objects.filter(
        state=RowState.PENDING,
        round__campaign__starts_on__lte=today,
        round__campaign__ends_on__gte=today,
    ).select_related("enterprise", "round__campaign")


def latest_round_for(user) -> Round | None:
    """The newest round of a running campaign the user has rows in (the grid officer's link)."""
    rows = scoped(pending_rows_of_running_rounds(), user)
    round_id = rows.order_by("-round__as_of").values_list("round_id", flat=True).first()
    if round_id is None:
        rows = scoped(RoundRow.objects.all(), user)
        round_id = rows.order_by("-round__as_of").values_list("round_id", flat=True).first()
    return Round.objects.filter(pk=round_id).first() if round_id else None


def region_choices(user) -> QuerySet:
    return scoped(Region.objects.exclude(kind="grid"), user).order_by("path")

"""Reads of the three lists, the activities and the events, every one through ``scoped``;
the figures are GROUP BY queries (needs received, matched, served and the match rate by
region, group or category; events' outcomes by region and year)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear, Substr

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.regions.models import Region
from liangxin.requests.selectors import region_choices, top_region  # noqa: F401 (re-exported)
from liangxin.servicelists.models import (
    Activity,
    Event,
    EventOutcome,
    Group,
    Need,
    NeedCategory,
    NeedState,
    OutcomeKind,
    Rating,
    Resource,
    ServiceItem,
)


def resource_list(*, user) -> QuerySet:
    return scoped(Resource.objects.select_related("region", "provider_organization"), user)


def service_item_list(*, user) -> QuerySet:
    return scoped(ServiceItem.objects.select_related("region", "provider_organization"), user)


def category_names() -> dict[str, str]:
    """The district's need categories, code → name (switched-off ones too: old needs)."""
    return dict(NeedCategory.objects.values_list("code", "name"))


def active_categories() -> dict[str, str]:
    """The categories a list filters by: those switched on (and off ones still in use)."""
    used = Need.objects.values("category")
    rows = NeedCategory.objects.filter(Q(active=True) | Q(code__in=used))
    return dict(rows.values_list("code", "name"))


def _with_category_name(needs: QuerySet) -> QuerySet:
    name = NeedCategory.objects.filter(code=OuterRef("category")).values("name")[:1]
    return needs.annotate(category_name=Subquery(name))


def need_list(*, user) -> QuerySet:
    needs = Need.objects.select_related(
        "region", "enterprise", "match__record", "match__resource", "match__service_item"
    )
    return scoped(_with_category_name(needs), user)


def need_detail(*, user, pk: int) -> Need:
    needs = Need.objects.select_related(
        "region", "enterprise", "member", "match__resource", "match__service_item"
    )
    return get_scoped_or_404(_with_category_name(needs), user, pk=pk)


def activity_list(*, user) -> QuerySet:
    activities = Activity.objects.select_related(
        "activity_type", "region", "organizer", "service_item", "place"
    )
    return scoped(activities, user)


def event_list(*, user) -> QuerySet:
    events = Event.objects.select_related("event_type", "region").annotate(
        linked=Count("enterprises", distinct=True)
    )  # an aggregate drops Meta.ordering: ordered again below
    events = events.order_by("-held_on", "-pk")
    return scoped(events, user)


def event_detail(*, user, pk: int) -> Event:
    return get_scoped_or_404(Event.objects.select_related("event_type", "region"), user, pk=pk)


def in_region(queryset: QuerySet, region: Region | None, field: str = "region__path"):
    return queryset.filter(**{f"{field}__startswith": region.path}) if region else queryset


# --- figures of the needs --------------------------------------------------------------


@dataclass
class Figures:
    dimension: str
    rows: list[dict]
    total: dict


DIMENSIONS = {"region": "区域", "group": "服务对象", "category": "类别"}
MEASURES = {
    "received": "收到需求",
    "matched": "已对接",
    "served": "已服务",
    "closed": "已关闭",
    "match_rate": "对接率（%）",
    "serve_rate": "服务率（%）",
    "beneficiaries": "受益人数",
    "satisfaction_rate": "满意率（%）",
}
RATED_WELL = (Rating.SATISFIED, Rating.BASICALLY)


def _need_aggregates() -> dict:
    record = "match__record__"
    return {
        "received": Count("id"),
        "matched": Count("id", filter=Q(state__in=(NeedState.MATCHED, NeedState.SERVED))),
        "served": Count("id", filter=Q(state=NeedState.SERVED)),
        "closed": Count("id", filter=Q(state=NeedState.CLOSED)),
        "beneficiaries": Sum(f"{record}beneficiaries"),
        "rated": Count("id", filter=~Q(**{f"{record}rating": ""}) & Q(state=NeedState.SERVED)),
        "rated_well": Count("id", filter=Q(**{f"{record}rating__in": RATED_WELL})),
    }


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _finish(row: dict) -> dict:
    row["beneficiaries"] = row["beneficiaries"] or 0
    row["match_rate"] = rate(row["matched"], row["received"])
    row["serve_rate"] = rate(row["served"], row["received"])
    row["satisfaction_rate"] = rate(row["rated_well"], row["rated"])
    return row


def need_figures(*, user, year: int, dimension: str, region: Region | None) -> Figures:
    """Needs received in ``year`` under ``region``: received, matched (已对接 or 已服务),
    served, closed, match rate = matched / received, by the children of ``region``, the
    group served or the category."""
    needs = in_region(need_list(user=user).filter(received_on__year=year), region).order_by()
    total = _finish(needs.aggregate(**_need_aggregates()))
    key, name = _need_grouping(dimension, region)
    grouped = needs.order_by().annotate(key=key).values("key").annotate(**_need_aggregates())
    rows = [_finish({**row, "label": name(row["key"])}) for row in grouped]
    rows.sort(key=lambda row: str(row["key"] or ""))
    return Figures(dimension=dimension, rows=rows, total=total)


def _need_grouping(dimension: str, region: Region | None):
    if dimension == "group":
        return F("group"), lambda key: Group(key).label
    if dimension == "category":
        names = category_names()
        return F("category"), lambda key: names.get(key, key)
    return region_key("region__path", region)


def region_key(field: str, region: Region | None):
    """The child of ``region`` a row falls in (its path prefix) and the child's name."""
    length = len(region.path) + Region.steplen if region else Region.steplen
    children = dict(
        Region.objects.filter(
            path__startswith=region.path if region else "", depth=length // Region.steplen
        ).values_list("path", "name")
    )
    return Substr(field, 1, length), lambda key: children.get(key, "本级")


# --- figures of the events -------------------------------------------------------------

EVENT_MEASURES = {
    "events": "活动场次",
    "firms": "参加企业（家次）",
    **dict(OutcomeKind.choices),
}


def event_figures(
    *, user, region: Region | None, year: int | None = None, event_type=None
) -> Figures:
    """Events by year and by child of ``region``: how many, the firms taking part (those
    linked from the registry plus those counted in words) and each outcome's sum. Three
    GROUP BY queries (events, linked firms, outcomes), merged by (year, region)."""
    events = in_region(scoped(Event.objects.all(), user), region).order_by()
    if year:
        events = events.filter(held_on__year=year)
    if event_type is not None:
        events = events.filter(event_type=event_type)
    area, name = region_key("region__path", region)
    rows: dict[tuple, dict] = {}

    def row(year_key, area_key) -> dict:
        empty = dict.fromkeys(EVENT_MEASURES, 0)
        return rows.setdefault(
            (year_key, area_key), {"year": year_key, "label": name(area_key), **empty}
        )

    base = Event.objects.filter(pk__in=events.values("pk")).order_by()
    for found in (
        base.annotate(y=ExtractYear("held_on"), a=area)
        .values("y", "a")
        .annotate(n=Count("id"), other=Sum("other_enterprises"))
    ):
        entry = row(found["y"], found["a"])
        entry["events"], entry["firms"] = found["n"], found["other"] or 0
    through = Event.enterprises.through.objects.filter(event__in=base)
    linked_area, _ = region_key("event__region__path", region)
    for found in (
        through.annotate(y=ExtractYear("event__held_on"), a=linked_area)
        .values("y", "a")
        .annotate(n=Count("id"))
    ):
        row(found["y"], found["a"])["firms"] += found["n"]
    outcomes = EventOutcome.objects.filter(event__in=base).order_by()
    for found in (
        outcomes.annotate(y=ExtractYear("event__held_on"), a=linked_area)
        .values("y", "a", "kind")
        .annotate(total=Sum("value"))
    ):
        row(found["y"], found["a"])[found["kind"]] = found["total"]
    ordered = [rows[key] for key in sorted(rows, key=lambda k: (-k[0], str(k[1])))]
    total = {measure: sum(r[measure] for r in ordered) for measure in EVENT_MEASURES}
    return Figures(dimension="region_year", rows=ordered, total=total)


def outcome_map(event: Event) -> dict[str, Decimal]:
    return dict(event.outcomes.values_list("kind", "value"))

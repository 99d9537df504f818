"""Reads of co-building; every list passes the scoping function. The roll-ups are SQL
aggregates over the scoped rows, grouped by the child regions of the chosen region."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from liangxin.cobuilding.models import (
    Alliance,
    AllianceMember,
    ChairTerm,
    JointMeeting,
    Outcome,
    OutcomeType,
    Pairing,
    Workshop,
    WorkshopFigure,
)
from liangxin.cobuilding.rules import JOINT_MEETING_MONTHS
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.regions.models import Region
from liangxin.rules.values import rule_value

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def fen(value) -> Decimal:
    return Decimal(value or 0).quantize(FEN, rounding=ROUND_HALF_UP)


def top_region(user) -> Region | None:
    return scoped(Region.objects.all(), user).order_by("depth", "path").first()


def region_choices(user) -> QuerySet:
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


# --- lists --------------------------------------------------------------------------


def pairings(*, user) -> QuerySet:
    return scoped(
        Pairing.objects.select_related(
            "programme", "enterprise", "organization", "region", "village_region"
        ),
        user,
    ).annotate(outcome_count=Count("outcomes"))


def alliances(*, user) -> QuerySet:
    return scoped(Alliance.objects.select_related("kind", "region", "lead"), user).annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
        meeting_count=Count("meetings", distinct=True),
    )


def workshops(*, user) -> QuerySet:
    return scoped(
        Workshop.objects.select_related("workshop_type", "enterprise", "region", "village_region"),
        user,
    )


def detail(model, *, user, pk: int):
    return get_scoped_or_404(model.objects.all(), user, pk=pk)


def current_chair(alliance, today=None) -> ChairTerm | None:
    today = today or timezone.localdate()
    return (
        alliance.chair_terms.filter(starts_on__lte=today, ends_on__gte=today)
        .select_related("chair__organization", "chair__enterprise")
        .first()
    )


def yearly_against_target(pairing) -> list[dict]:
    """The pairing's yearly sum of its programme's target type against the target
    (山海协作 [L:平湖]: 村集体增收 ≥ 10 万元 a year), years with records, newest first."""
    programme = pairing.programme
    if programme.target_type_id is None:
        return []
    years = (
        pairing.outcomes.filter(outcome_type_id=programme.target_type_id)
        .values("year")
        .annotate(value=Sum("value"))
        .order_by("-year")
    )
    target = fen(programme.yearly_target)
    return [
        {"year": y["year"], "value": fen(y["value"]), "target": target,
         "met": fen(y["value"]) >= target}
        for y in years
    ]  # fmt: skip


# --- to-dos (not scoped: the to-do engine scopes) ----------------------------------------


def alliances_without_chair(today=None) -> QuerySet:
    """Alliances today falls in no chair term of: 未设轮值主席."""
    today = today or timezone.localdate()
    chaired = ChairTerm.objects.filter(starts_on__lte=today, ends_on__gte=today)
    return Alliance.objects.filter(active=True).exclude(pk__in=chaired.values("alliance_id"))


def months_back(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def alliances_meeting_due(today=None) -> QuerySet:
    """Alliances founded before the window with no 联席会议 within it (rule, quarterly)."""
    today = today or timezone.localdate()
    since = months_back(today, int(rule_value(JOINT_MEETING_MONTHS)))
    met = JointMeeting.objects.filter(held_on__gt=since, held_on__lte=today)
    return Alliance.objects.filter(active=True, founded_on__lte=since).exclude(
        pk__in=met.values("alliance_id")
    )


# --- the roll-up ------------------------------------------------------------------------

OWN_LEVEL = "（本级）"
HOLDER_PATH = Coalesce("pairing__region__path", "alliance__region__path", "workshop__region__path")


@dataclass
class Rollup:
    region: Region | None
    year: int
    types: list = field(default_factory=list)  # OutcomeType rows, the columns
    rows: list = field(default_factory=list)  # {"label", "key", "outcomes": {type_id: (n, v)}, ...}
    total: dict = field(default_factory=dict)


def _labels(top: Region) -> dict[str, str]:
    children = Region.objects.filter(path__startswith=top.path, depth=top.depth + 1)
    labels = {child.path: child.name for child in children.order_by("path")}
    labels[top.path] = f"{top.name}{OWN_LEVEL}"
    return labels


def _key(path, top: Region):
    return Substr(path, 1, len(top.path) + Region.steplen)


def outcome_totals(*, user, region: Region, year: int) -> dict:
    """{(group path, type id): (holders, summed value)} of ``year`` under ``region``."""
    rows = (
        scoped(Outcome.objects.all(), user)
        .annotate(path=HOLDER_PATH)
        .filter(year=year, path__startswith=region.path)
        .annotate(group=_key("path", region))
        .values("group", "outcome_type")
        .annotate(
            holders=Count("pairing", distinct=True)
            + Count("alliance", distinct=True)
            + Count("workshop", distinct=True),
            value=Sum("value"),
        )
        .order_by()
    )
    return {(r["group"], r["outcome_type"]): (r["holders"], fen(r["value"])) for r in rows}


def latest_figures(*, user, year: int) -> QuerySet:
    """Each scoped workshop's figures of its latest period in ``year`` (全年 counts last)."""
    periods = WorkshopFigure.objects.filter(workshop=OuterRef("workshop"), year=year)
    whole = periods.filter(month=0).values("pk")[:1]
    last_month = periods.order_by("-month").values("pk")[:1]
    return scoped(WorkshopFigure.objects.filter(year=year), user).filter(
        pk=Coalesce(Subquery(whole), Subquery(last_month))
    )


WORKSHOP_COLUMNS = [
    ("workshops", "工坊（个）"),
    ("posts", "岗位（个）"),
    ("on_post", "带动就业（人）"),
    ("low_income", "其中低收入农户（人）"),
    ("income_rise", "人均月增收（元）"),
    ("output", "产值（元）"),
    ("collective_income", "村集体增收（元）"),
]


def workshop_totals(*, user, region: Region, year: int) -> dict:
    """{group path: measures}: 人均月增收 weighted by the people on post."""
    rows = (
        latest_figures(user=user, year=year)
        .filter(workshop__region__path__startswith=region.path)
        .annotate(group=_key("workshop__region__path", region))
        .values("group")
        .annotate(
            workshops=Count("workshop", distinct=True),
            posts_sum=Sum("posts"),
            people=Sum("on_post"),
            low_sum=Sum("low_income"),
            rise_people=Sum(
                ExpressionWrapper(
                    F("monthly_income_rise") * F("on_post"),
                    output_field=DecimalField(max_digits=24, decimal_places=2),
                )
            ),
            output_sum=Sum("output"),
            collective_sum=Sum("collective_income"),
        )
        .order_by()
    )
    return {row.pop("group"): row for row in rows}


BODY_COLUMNS = [
    ("pairings", "村企联建（对）"),
    ("villages", "结对村（个）"),
    ("alliances", "党建联盟（个）"),
    ("members", "联盟成员（家）"),
    ("meetings", "联席会议（次）"),
    ("meetings_due", "应开联席会议（次）"),
]


def _grouped(rows: QuerySet, path: str, region: Region, **measures) -> dict:
    found = (
        rows.filter(**{f"{path}__startswith": region.path})
        .annotate(group=_key(path, region))
        .values("group")
        .annotate(**measures)
        .order_by()
    )
    return {row.pop("group"): row for row in found}


def body_totals(*, user, region: Region, year: int) -> dict:
    """{group path: measures} of the bodies in being during ``year``: pairings signed by its
    end and still active, the villages they pair with, alliances and their members, the
    联席会议 held in the year against those due (``meetings_due_in``)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    staying = Q(left_on__isnull=True) | Q(left_on__gte=start)
    groups = [
        _grouped(
            scoped(Pairing.objects.filter(active=True, signed_on__lte=end), user),
            "region__path",
            region,
            pairings=Count("id"),
            villages=Count("village_region", distinct=True)
            + Count("village_name", distinct=True, filter=~Q(village_name="")),
        ),
        _grouped(
            scoped(Alliance.objects.filter(active=True, founded_on__lte=end), user),
            "region__path",
            region,
            alliances=Count("id"),
            meetings_due=meetings_due_in(year),
        ),
        _grouped(
            scoped(AllianceMember.objects.filter(staying, joined_on__lte=end), user),
            "alliance__region__path",
            region,
            members=Count("id"),
        ),
        _grouped(
            scoped(JointMeeting.objects.filter(held_on__year=year), user),
            "alliance__region__path",
            region,
            meetings=Count("id"),
        ),
    ]
    merged: dict = {}
    for group in groups:
        for path, measures in group.items():
            merged.setdefault(path, {}).update(measures)
    return merged


def meeting_periods(year: int) -> list[tuple[datetime.date, datetime.date]]:
    """The year's periods of one 联席会议 each (rule ``cobuilding.joint_meeting_months``,
    3: the quarters, [L: 某商会党总支] 联席会议每季度一次); the last runs to 31 December."""
    months = min(max(int(rule_value(JOINT_MEETING_MONTHS)), 1), 12)
    starts = [datetime.date(year, 1 + k * months, 1) for k in range(12 // months)]
    ends = [day - datetime.timedelta(days=1) for day in starts[1:]]
    return list(zip(starts, [*ends, datetime.date(year, 12, 31)], strict=True))


def meetings_due_in(year: int) -> Sum:
    """An alliance owes one 联席会议 for each period of ``year`` it existed in: one founded
    in the third quarter owes two (Q3, Q4), not four."""
    owed = [
        Case(When(founded_on__lte=end, then=Value(1)), default=Value(0))
        for _start, end in meeting_periods(year)
    ]
    total = owed[0]
    for term in owed[1:]:
        total = total + term
    return Sum(total)


def _body_cells(measures: dict | None) -> dict:
    return {key: (measures or {}).get(key, 0) for key, _ in BODY_COLUMNS}


def _workshop_cells(measures: dict | None) -> dict:
    m = measures or {}
    on_post = m.get("people") or 0
    rise = fen(Decimal(m["rise_people"]) / on_post) if on_post and m.get("rise_people") else None
    return {
        "workshops": m.get("workshops") or 0,
        "posts": m.get("posts_sum") or 0,
        "on_post": on_post,
        "low_income": m.get("low_sum") or 0,
        "income_rise": rise,
        "rise_people": Decimal(m.get("rise_people") or 0),
        "output": fen(m.get("output_sum")),
        "collective_income": fen(m.get("collective_sum")),
    }


def rollup(*, user, region: Region | None, year: int) -> Rollup:
    region = region or top_region(user)
    types = list(OutcomeType.objects.filter(active=True))
    if region is None:
        return Rollup(None, year, types)
    outcomes = outcome_totals(user=user, region=region, year=year)
    shops = workshop_totals(user=user, region=region, year=year)
    bodies = body_totals(user=user, region=region, year=year)
    result = Rollup(region, year, types)
    for path, label in _labels(region).items():
        cells = {t.pk: outcomes.get((path, t.pk), (0, ZERO)) for t in types}
        held = path in shops or path in bodies or any(k[0] == path for k in outcomes)
        if label.endswith(OWN_LEVEL) and not held:
            continue  # the chosen region's own level shows only when it has rows
        result.rows.append(
            {
                "label": label,
                "key": path,
                "outcomes": cells,
                **_body_cells(bodies.get(path)),
                **_workshop_cells(shops.get(path)),
            }
        )
    result.total = _total(result.rows, types)
    return result


def _total(rows: list[dict], types) -> dict:
    outcomes = {
        t.pk: (
            sum(r["outcomes"][t.pk][0] for r in rows),
            sum((r["outcomes"][t.pk][1] for r in rows), ZERO),
        )
        for t in types
    }
    summed = {
        k: sum((r[k] for r in rows), 0)
        for k in ("workshops", "posts", "on_post", "low_income", "rise_people")
    }
    on_post = summed["on_post"]
    rise = fen(Decimal(summed["rise_people"]) / on_post) if on_post else None
    money = {k: sum((r[k] for r in rows), ZERO) for k in ("output", "collective_income")}
    bodies = {k: sum(r[k] for r in rows) for k, _ in BODY_COLUMNS}
    return {
        "label": "合计", "outcomes": outcomes, **bodies, **summed, **money, "income_rise": rise,
    }  # fmt: skip


def years_with_data(user) -> list[int]:
    years = set(scoped(Outcome.objects.all(), user).values_list("year", flat=True).distinct())
    years |= set(
        scoped(WorkshopFigure.objects.all(), user).values_list("year", flat=True).distinct()
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)

"""Reads of the specialists' pages, each through core.scoping, and the cadence engine.

The engine: an assignment owes each tracked cadence once per period it covers whole
(periods.owed); a period that ended without a contact of that cadence is missed. It reads
the assignments in one query and the contacts of the window in another (as (assignment,
cadence, period) keys), then takes the difference in memory: a few queries whatever the
number of assignments or periods. The to-do list asks only about the last ended period,
as one queryset of assignments (NOT EXISTS a contact per tracked cadence)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import scoped
from liangxin.regions.models import Region
from liangxin.specialists import periods, permissions
from liangxin.specialists.models import (
    OFFICIAL_KINDS,
    Assignment,
    Cadence,
    Contact,
    Specialist,
    SpecialistKind,
    SpecialistTeam,
)


def specialist_list(*, user) -> QuerySet:
    return scoped(Specialist.objects.select_related("region", "team", "user"), user)


def team_list(*, user) -> QuerySet:
    return scoped(SpecialistTeam.objects.select_related("region"), user)


def assignment_list(*, user) -> QuerySet:
    return scoped(
        Assignment.objects.select_related("specialist__region", "enterprise__region"), user
    )


def contact_list(*, user) -> QuerySet:
    return scoped(
        Contact.objects.select_related(
            "assignment__specialist", "assignment__enterprise__region", "cadence", "request"
        ),
        user,
    )


def cadences() -> QuerySet:
    return Cadence.objects.all()


def tracked_cadences() -> list[Cadence]:
    return list(Cadence.objects.filter(active=True, counts_missed=True))


def active_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": day}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


def overlaps(first: datetime.date, last: datetime.date) -> Q:
    """A term (start, end) that overlaps [first, last]."""
    return Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))


def region_choices(user) -> QuerySet:
    """The district and its towns and parks for the lists' region filter."""
    return scoped(Region.objects.exclude(kind__in=("grid", "area")), user).order_by("path")


def top_region(user) -> Region | None:
    return scoped(Region.objects.all(), user).order_by("depth", "path").first()


def mine_or_all(user, assignments: QuerySet) -> QuerySet:
    """A specialist who is not an admin works on their own assignments only."""
    own = permissions.own_specialist(user)
    if own is not None and not permissions.can_manage(user):
        return assignments.filter(specialist=own)
    return assignments


# --- the engine ---------------------------------------------------------------------


@dataclass(frozen=True)
class Owed:
    assignment: Assignment
    cadence: Cadence
    period: periods.Period
    done: bool


def owed_periods(
    assignments: QuerySet, cadences: list[Cadence], first: datetime.date, today: datetime.date
) -> list[Owed]:
    """Every (assignment, cadence, period) owed among the periods that end between ``first``
    and yesterday, each with whether a contact of that cadence fell inside it."""
    if not cadences:
        return []
    windows = {c.pk: periods.ended_between(first, today, c.frequency) for c in cadences}
    starts = [ps[0].start for ps in windows.values() if ps]
    if not starts:
        return []
    earliest = min(starts)
    rows = list(
        assignments.filter(start__lt=today)
        .filter(Q(end__isnull=True) | Q(end__gte=earliest))
        .select_related("specialist__region", "enterprise__region")
    )
    done = _done_keys(assignments, cadences, earliest, today)
    owed = []
    for cadence in cadences:
        for period in windows[cadence.pk]:
            for assignment in rows:
                if periods.owed(assignment.start, assignment.end, period):
                    key = (assignment.pk, cadence.pk, period.start)
                    owed.append(Owed(assignment, cadence, period, key in done))
    return owed


def _done_keys(assignments, cadences, earliest, today) -> set[tuple]:
    frequency = {c.pk: c.frequency for c in cadences}
    contacts = (
        Contact.objects.filter(
            assignment__in=assignments.values("pk"),
            cadence__in=list(frequency),
            date__gte=earliest,
            date__lt=today,
        )
        .values_list("assignment_id", "cadence_id", "date")
        .distinct()
    )
    return {(a, c, periods.period_of(day, frequency[c]).start) for a, c, day in contacts.iterator()}


def missed(
    *, user, first: datetime.date, today: datetime.date | None = None, cadence=None, region=None
) -> list[Owed]:
    """The missed (assignment, cadence, period) of the user's scope, latest period first."""
    today = today or timezone.localdate()
    assignments = mine_or_all(user, assignment_list(user=user))
    if region is not None:
        assignments = assignments.filter(enterprise__region__path__startswith=region.path)
    chosen = [cadence] if cadence is not None else tracked_cadences()
    found = [o for o in owed_periods(assignments, chosen, first, today) if not o.done]
    return sorted(
        found, key=lambda o: (-o.period.end.toordinal(), o.cadence.order, o.assignment.pk)
    )


def missed_last_period(user, today: datetime.date | None = None) -> QuerySet:
    """The to-do list's rows: assignments that missed a tracked cadence in its last ended
    period; each carries ``missed_<cadence pk>`` (True when that one was missed)."""
    today = today or timezone.localdate()
    flags, any_missed = {}, Q(pk__in=[])
    for cadence in tracked_cadences():
        period = periods.last_ended(today, cadence.frequency)
        contact = Contact.objects.filter(
            assignment=OuterRef("pk"), cadence=cadence, date__gte=period.start, date__lte=period.end
        )
        name = f"missed_{cadence.pk}"
        covered = Q(start__lte=period.start) & (Q(end__isnull=True) | Q(end__gte=period.end))
        flags[name] = covered & ~Exists(contact)
        any_missed |= Q(**{name: True})
    if not flags:
        return Assignment.objects.none()
    rows = Assignment.objects.select_related("specialist", "enterprise").annotate(
        **{name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in flags.items()}
    )
    return mine_or_all(user, rows.filter(any_missed))


def missed_note(assignment, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    names = [
        f"{c.name}（{periods.last_ended(today, c.frequency).label}）"
        for c in tracked_cadences()
        if getattr(assignment, f"missed_{c.pk}", False)
    ]
    return "未落实：" + "、".join(names)


# --- figures ------------------------------------------------------------------------


def _by_child(queryset, path_field: str, region: Region, **aggregates) -> dict[str, dict]:
    length = (region.depth + 1) * Region.steplen
    rows = (
        queryset.filter(**{f"{path_field}__startswith": region.path})
        .annotate(child=Substr(path_field, 1, length))
        .order_by()
        .values("child")
        .annotate(**aggregates)
    )
    return {row.pop("child"): row for row in rows}


def _child_of(path: str, region: Region) -> str:
    return path[: (region.depth + 1) * Region.steplen]


def figures(*, user, region: Region, year: int, today: datetime.date | None = None) -> dict:
    """By child region of ``region``: specialists by kind, enterprises served, contacts of the
    year, and the tracked cadences' periods owed and met in the year (to yesterday)."""
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    until = min(today, last + periods.DAY)
    kinds = {f"kind_{k}": Count("id", filter=Q(kind=k)) for k in SpecialistKind.values}
    kinds["officials"] = Count("id", filter=Q(kind__in=OFFICIAL_KINDS))
    kinds["professionals"] = Count("id", filter=~Q(kind__in=OFFICIAL_KINDS))
    specialists = _by_child(
        specialist_list(user=user).filter(overlaps(first, last)),
        "region__path",
        region,
        specialists=Count("id"),
        **kinds,
    )
    assignments = assignment_list(user=user).filter(overlaps(first, last))
    served = _by_child(
        assignments,
        "enterprise__region__path",
        region,
        enterprises=Count("enterprise", distinct=True),
    )
    contacts = _by_child(
        contact_list(user=user).filter(date__gte=first, date__lte=last),
        "assignment__enterprise__region__path",
        region,
        contacts=Count("id"),
    )
    owed, met = Counter(), Counter()
    scope = assignments.filter(enterprise__region__path__startswith=region.path)
    for item in owed_periods(scope, tracked_cadences(), first, until):
        if item.period.end <= last:
            child = _child_of(item.assignment.enterprise.region.path, region)
            owed[child] += 1
            met[child] += item.done
    return _table(region, specialists, served, contacts, owed, met)


MEASURES = {
    "specialists": "专员数",
    "officials": "其中干部",
    "professionals": "其中专业人士",
    **{f"kind_{k}": label for k, label in SpecialistKind.choices},
    "enterprises": "服务企业数",
    "contacts": "联系次数",
    "owed": "应落实频次",
    "met": "已落实频次",
    "met_rate": "频次落实率（%）",
}


def _table(region, specialists, served, contacts, owed, met) -> dict:
    paths = set(specialists) | set(served) | set(contacts) | set(owed)
    names = dict(Region.objects.filter(path__in=paths).values_list("path", "name"))
    rows, total = [], defaultdict(int)
    for path in sorted(paths):
        row = {"label": names.get(path, path)}
        for source in (specialists, served, contacts):
            row.update(source.get(path, {}))
        row["owed"], row["met"] = owed[path], met[path]
        for measure in MEASURES:
            if measure != "met_rate":
                row.setdefault(measure, 0)
                total[measure] += row[measure]
        row["met_rate"] = _rate(row["met"], row["owed"])
        rows.append(row)
    total = dict(total) or dict.fromkeys(m for m in MEASURES if m != "met_rate")
    total = {m: total.get(m) or 0 for m in MEASURES if m != "met_rate"}
    total["met_rate"] = _rate(total["met"], total["owed"])
    return {"region": region, "rows": rows, "total": total}


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None

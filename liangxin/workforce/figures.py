"""The workforce's yearly figures by region (WORK.md §4 "Statistics"): instructors by source,
enterprises with an instructor (feeds 工作覆盖), visits and safety checks, hazards fixed,
party workers trained, person-times, certificates by level, allowances, new secretaries
trained in time, partner deliverables.

Each figure is one GROUP BY on the region path cut at the children's depth, over the
user's scoped rows; what sits in the region itself (not in a child) is its own row, so the
totals are the sum of the rows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.core.scoping import scoped
from liangxin.regions.models import Region
from liangxin.rules.values import rule_value
from liangxin.workforce.models import (
    AssignedEnterprise,
    AssignmentState,
    Hazard,
    Instructor,
    InstructorSource,
    Visit,
)
from liangxin.workforce.models_people import (
    Allowance,
    Certification,
    CertLevel,
    CertState,
    PartnerTask,
    PartyWorker,
    TrainingAttendance,
    TrainingKind,
    WorkerRole,
    WorkerState,
)
from liangxin.workforce.periods import add_months

# The training rule the 初任培训 figure reads (registered with the training pages).
INITIAL_TRAINING_MONTHS = "training.initial_within_months"

COLUMNS = [
    # key, label
    *[(f"instructors_{source}", f"指导员·{label}") for source, label in InstructorSource.choices],
    ("enterprises_assigned", "有指导员的企业"),
    ("visits", "走访次数"),
    ("safety_checks", "安全检查次数"),
    ("hazards_found", "发现隐患"),
    ("hazards_fixed", "已整改隐患"),
    ("workers", "在岗党务工作者"),
    ("workers_trained", "年内参训人数"),
    ("person_times", "参训人次"),
    *[(f"certified_{level}", f"{label}认证") for level, label in CertLevel.choices],
    ("allowances", "津贴（元）"),
    ("new_secretaries", "应完成初任培训的新任书记"),
    ("new_secretaries_in_time", "按时完成初任培训"),
    ("partner_tasks", "合伙人共同任务"),
    ("partner_tasks_done", "已完成任务"),
]
KEYS = [key for key, _ in COLUMNS]


@dataclass
class Row:
    region: Region | None  # None: the region's own records, not in any child
    label: str
    values: dict = field(default_factory=lambda: dict.fromkeys(KEYS, 0))

    @property
    def trained_share(self) -> str:
        return _share(self.values["workers_trained"], self.values["workers"])

    @property
    def in_time_share(self) -> str:
        return _share(self.values["new_secretaries_in_time"], self.values["new_secretaries"])


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


@dataclass
class Figures:
    region: Region
    year: int
    as_of: datetime.date
    rows: list[Row]
    total: Row


def by_child(queryset, path_field: str, region: Region, **aggregates) -> dict[str, dict]:
    """One GROUP BY on the path cut at the depth of ``region``'s children: {child path (or
    the region's own for its own records): aggregates}."""
    length = (region.depth + 1) * Region.steplen
    rows = (
        queryset.filter(**{f"{path_field}__startswith": region.path})
        .annotate(child=Substr(path_field, 1, length))
        .order_by()
        .values("child")
        .annotate(**aggregates)
    )
    return {row.pop("child"): row for row in rows}


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _instructors(user, region: Region, as_of) -> dict[str, dict]:
    counts = {
        f"instructors_{source}": Count("id", filter=Q(source=source))
        for source in InstructorSource.values
    }
    return by_child(
        scoped(Instructor.objects.filter(active=True), user), "region__path", region, **counts
    )


def _enterprises_assigned(user, region: Region, as_of) -> dict[str, dict]:
    active = AssignedEnterprise.objects.filter(
        assignment__state=AssignmentState.ACTIVE,
        assignment__starts_on__lte=as_of,
        assignment__ends_on__gte=as_of,
    )
    return by_child(
        scoped(active, user),
        "enterprise__region__path",
        region,
        enterprises_assigned=Count("enterprise_id", distinct=True),
    )


def _visits(user, region: Region, year: int) -> dict[str, dict]:
    visits = scoped(Visit.objects.filter(visited_on__year=year), user)
    return by_child(
        visits,
        "enterprise__region__path",
        region,
        visits=Count("id"),
        safety_checks=Count("id", filter=Q(safety_checked=True)),
    )


def _hazards(user, region: Region, year: int) -> dict[str, dict]:
    hazards = scoped(Hazard.objects.filter(visit__visited_on__year=year), user)
    return by_child(
        hazards,
        "visit__enterprise__region__path",
        region,
        hazards_found=Count("id"),
        hazards_fixed=Count("id", filter=Q(rectified_on__isnull=False)),
    )


def _in_post_during(year: int) -> Q:
    first, last = _year_bounds(year)
    return Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))


def _workers(user, region: Region, year: int) -> dict[str, dict]:
    attended = TrainingAttendance.objects.filter(
        worker=OuterRef("pk"), training__starts_on__year=year
    )
    workers = scoped(
        PartyWorker.objects.filter(_in_post_during(year))
        .exclude(state=WorkerState.LEFT, ended_on__isnull=True)
        .annotate(trained=Exists(attended)),
        user,
    )
    return by_child(
        workers,
        "region__path",
        region,
        workers=Count("id"),
        workers_trained=Count("id", filter=Q(trained=True)),
    )


def _person_times(user, region: Region, year: int) -> dict[str, dict]:
    attendance = scoped(TrainingAttendance.objects.filter(training__starts_on__year=year), user)
    return by_child(attendance, "worker__region__path", region, person_times=Count("id"))


def _certified(user, region: Region, as_of) -> dict[str, dict]:
    valid = Certification.objects.filter(
        state=CertState.ISSUED, issued_on__lte=as_of, valid_until__gte=as_of
    )
    counts = {
        f"certified_{level}": Count("worker_id", filter=Q(level=level), distinct=True)
        for level in CertLevel.values
    }
    return by_child(scoped(valid, user), "worker__region__path", region, **counts)


def _allowances(user, region: Region, year: int) -> dict[str, dict]:
    lines = scoped(Allowance.objects.filter(year=year), user)
    return by_child(lines, "worker__region__path", region, allowances=Sum("amount"))


def _partner_tasks(user, region: Region, year: int) -> dict[str, dict]:
    tasks = scoped(PartnerTask.objects.filter(group__year=year), user)
    return by_child(
        tasks,
        "group__region__path",
        region,
        partner_tasks=Count("id"),
        partner_tasks_done=Count("id", filter=Q(progress=100)),
    )


def _new_secretaries(user, region: Region, year: int) -> dict[str, dict]:
    """Secretaries whose 初任培训 deadline (start + N months) falls in the year, and those of
    them who attended an 初任培训 between their start and the deadline (the deadline day
    included). Read as rows: the deadline is a month sum the databases add differently."""
    months = int(rule_value(INITIAL_TRAINING_MONTHS))
    first, last = _year_bounds(year)
    started_from, started_to = add_months(first, -months), add_months(last, -months)
    secretaries = scoped(
        PartyWorker.objects.filter(
            role=WorkerRole.SECRETARY, started_on__gte=started_from, started_on__lte=started_to
        ),
        user,
    ).filter(region__path__startswith=region.path)
    rows = list(secretaries.values_list("id", "started_on", "region__path"))
    initial = {}
    for worker_id, day in TrainingAttendance.objects.filter(
        worker_id__in=[row[0] for row in rows], training__kind=TrainingKind.INITIAL
    ).values_list("worker_id", "training__starts_on"):
        initial.setdefault(worker_id, []).append(day)
    length = (region.depth + 1) * Region.steplen
    grouped: dict[str, dict] = {}
    for worker_id, started_on, path in rows:
        deadline = add_months(started_on, months)
        if not first <= deadline <= last:
            continue
        row = grouped.setdefault(
            path[:length], {"new_secretaries": 0, "new_secretaries_in_time": 0}
        )
        row["new_secretaries"] += 1
        if any(started_on <= day <= deadline for day in initial.get(worker_id, [])):
            row["new_secretaries_in_time"] += 1
    return grouped


def figures(*, user, region: Region, year: int) -> Figures:
    today = timezone.localdate()
    as_of = min(today, _year_bounds(year)[1])
    parts = [
        _instructors(user, region, as_of),
        _enterprises_assigned(user, region, as_of),
        _visits(user, region, year),
        _hazards(user, region, year),
        _workers(user, region, year),
        _person_times(user, region, year),
        _certified(user, region, as_of),
        _allowances(user, region, year),
        _new_secretaries(user, region, year),
        _partner_tasks(user, region, year),
    ]
    children = list(Region.objects.get_children(Region.objects.get(pk=region.pk)))
    rows = [Row(child, child.name) for child in children]
    own = Row(None, f"{region.name}（本级）")
    by_path = {child.path: row for child, row in zip(children, rows, strict=True)}
    for part in parts:
        for path, values in part.items():
            row = by_path.get(path, own)
            for key, value in values.items():
                row.values[key] += value or 0
    if any(own.values.values()):
        rows.append(own)
    total = Row(region, "合计")
    for row in rows:
        for key in KEYS:
            total.values[key] += row.values[key]
    for row in [*rows, total]:
        row.values["allowances"] = Decimal(row.values["allowances"] or 0).quantize(Decimal("0.01"))
    return Figures(region, year, as_of, rows, total)

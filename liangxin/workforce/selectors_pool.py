"""Reads of the talent pool and the partner groups (WORK.md §4): scoped lists, the figures
by channel, event and region as SQL aggregates, and the partner groups' size warning."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from liangxin.core.pickers import initials_prefix
from liangxin.core.scoping import get_scoped_or_404, prefix_q, scoped
from liangxin.regions.models import Region
from liangxin.rules.values import rule_value
from liangxin.workforce.figures import by_child
from liangxin.workforce.models_people import (
    PartnerGroup,
    PartnerTask,
    PartnerTaskKind,
    PartyWorker,
    Placement,
    PoolEntry,
    WorkerChannel,
    WorkerRole,
    WorkerState,
)
from liangxin.workforce.rules_pool import GROUP_MAX, GROUP_MIN, GROUP_SOURCE

MEMBER_ROLES = (WorkerRole.SECRETARY, WorkerRole.DEPUTY_SECRETARY)

# --- talent pool ---------------------------------------------------------------------------


def pool_list(*, user, filters: dict | None = None) -> QuerySet:
    """The entries the user sees, filtered by channel, tier, state, available, region (a
    region and everything under it) and name or pinyin initials."""
    entries = scoped(PoolEntry.objects.select_related("region", "worker"), user)
    filters = filters or {}
    if region := (filters.get("region") or "").strip():
        entries = entries.filter(_in_regions(user, region))
    return _filter_entries(entries, filters)


REGIONS_MATCHED = 20


def _in_regions(user, text: str) -> Q:
    """Under the regions in scope whose code is ``text`` or whose name contains it."""
    regions = scoped(Region.objects.filter(Q(code=text) | Q(name__contains=text)), user)
    paths = tuple(regions.order_by("path").values_list("path", flat=True)[:REGIONS_MATCHED])
    return prefix_q("region__path", paths) or Q(pk__in=[])


def _filter_entries(entries: QuerySet, filters: dict) -> QuerySet:
    for field in ("channel", "tier", "state"):
        if value := filters.get(field):
            entries = entries.filter(**{field: value})
    if filters.get("available") in ("yes", "no"):
        entries = entries.filter(available=filters["available"] == "yes")
    if text := (filters.get("q") or "").strip():
        by_name = Q(name__contains=text)
        by_initials = initials_prefix(text)
        entries = entries.filter(by_name | by_initials if by_initials is not None else by_name)
    return entries


def pool_entry(*, user, pk: int) -> PoolEntry:
    return get_scoped_or_404(PoolEntry.objects.select_related("region", "worker"), user, pk=pk)


def placement_list(*, user, entries: QuerySet | None = None) -> QuerySet:
    placements = scoped(Placement.objects.select_related("entry", "enterprise"), user)
    if entries is not None:
        placements = placements.filter(entry__in=entries.values("pk"))
    return placements.order_by("-recommended_on", "id")


def placement(*, user, pk: int) -> Placement:
    return get_scoped_or_404(Placement.objects.select_related("entry"), user, pk=pk)


def _outcomes(placements: QuerySet, key: str) -> list[dict]:
    rows = (
        placements.values(key)
        .annotate(
            sent=Count("id"),
            people=Count("entry", distinct=True),
            hired=Count("id", filter=Q(hired=True)),
            managing=Count("id", filter=Q(in_management=True)),
        )
        .order_by(key)
    )
    return list(rows)


def figures_by_event(*, user) -> list[dict]:
    """红色见面会 and other events [L:丹东]: sent, hired, into management (128 sent, 113 into
    management). A placement without an event counts under 日常推荐."""
    rows = _outcomes(placement_list(user=user), "event")
    for row in rows:
        row["label"] = row["event"] or "日常推荐"
    return rows


def figures_by_channel(*, user) -> list[dict]:
    """Entries by 内部选/外部聘/组织派 with their states, and what their placements came to."""
    entries = scoped(PoolEntry.objects.all(), user)
    counted = {
        row["channel"]: row
        for row in entries.values("channel")
        .annotate(
            entries=Count("id"),
            reserve=Count("id", filter=Q(state="reserve")),
            recommended=Count("id", filter=Q(state="recommended")),
            appointed=Count("id", filter=Q(state="appointed")),
        )
        .order_by("channel")
    }
    placed = {
        row["entry__channel"]: row for row in _outcomes(placement_list(user=user), "entry__channel")
    }
    return [
        {
            "label": label,
            **counted.get(value, {"entries": 0, "reserve": 0, "recommended": 0, "appointed": 0}),
            **{k: placed.get(value, {}).get(k, 0) for k in ("sent", "hired", "managing")},
        }
        for value, label in WorkerChannel.choices
    ]


REGION_KEYS = ("entries", "available", "appointed", "sent", "hired", "managing")


def figures_by_region(*, user, region: Region) -> list[dict]:
    """``region``'s children (and its own records, 本级), each with its entries, those
    available, appointed, and its entries' placements: sent, hired, into management."""
    entries = by_child(
        scoped(PoolEntry.objects.all(), user),
        "region__path",
        region,
        entries=Count("id"),
        available=Count("id", filter=Q(available=True)),
        appointed=Count("id", filter=Q(state="appointed")),
    )
    placed = by_child(
        placement_list(user=user),
        "entry__region__path",
        region,
        sent=Count("id"),
        hired=Count("id", filter=Q(hired=True)),
        managing=Count("id", filter=Q(in_management=True)),
    )
    children = list(Region.objects.get_children(Region.objects.get(pk=region.pk)))
    rows = [{"region": child, "label": child.name, **dict.fromkeys(REGION_KEYS, 0)}
            for child in children]  # fmt: skip
    own = {"region": None, "label": f"{region.name}（本级）", **dict.fromkeys(REGION_KEYS, 0)}
    by_path = {row["region"].path: row for row in rows}
    for part in (entries, placed):
        for path, values in part.items():
            row = by_path.get(path, own)
            for key, value in values.items():
                row[key] += value
    if any(own[key] for key in REGION_KEYS):
        rows.append(own)
    return rows


# --- partner groups --------------------------------------------------------------------------


@dataclass(frozen=True)
class SizeRule:
    low: int
    high: int

    def warning(self, size: int) -> str:
        """Empty inside the range; else what is wrong, with the rule's source."""
        if size < self.low:
            return f"结对书记 {size} 人，少于 {self.low} 人（{GROUP_SOURCE}）"
        if size > self.high:
            return f"结对书记 {size} 人，多于 {self.high} 人（{GROUP_SOURCE}）"
        return ""


def size_rule() -> SizeRule:
    return SizeRule(int(rule_value(GROUP_MIN)), int(rule_value(GROUP_MAX)))


def group_list(*, user, year: int | None = None) -> QuerySet:
    groups = scoped(PartnerGroup.objects.select_related("leader", "region"), user)
    if year:
        groups = groups.filter(year=year)
    return groups.annotate(size=Count("members", distinct=True)).prefetch_related("tasks")


def group_years(*, user) -> list[int]:
    years = scoped(PartnerGroup.objects.all(), user).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def group_detail(*, user, pk: int) -> PartnerGroup:
    return get_scoped_or_404(PartnerGroup.objects.select_related("leader", "region"), user, pk=pk)


def group_task(*, user, pk: int) -> PartnerTask:
    return get_scoped_or_404(PartnerTask.objects.select_related("group"), user, pk=pk)


def group_member(*, group: PartnerGroup, pk: int) -> PartyWorker:
    return get_object_or_404(group.members.all(), pk=pk)


@dataclass(frozen=True)
class KindProgress:
    kind: str
    label: str
    tasks: list
    progress: int | None  # the mean of its tasks; None when the kind is missing


def task_progress(group: PartnerGroup) -> list[KindProgress]:
    """The four shared deliverables (党建课题, 党建项目, 党建品牌, 党员骨干) [L:张家港]; a kind
    without a task is shown as missing (progress None). Reads the prefetched tasks."""
    tasks = list(group.tasks.all())
    rows = []
    for value, label in PartnerTaskKind.choices:
        mine = [task for task in tasks if task.kind == value]
        mean = round(sum(t.progress for t in mine) / len(mine)) if mine else None
        rows.append(KindProgress(value, label, mine, mean))
    return rows


def missing_kinds(group: PartnerGroup) -> list[str]:
    return [row.label for row in task_progress(group) if row.progress is None]


def eligible_leaders(*, user) -> QuerySet:
    """Active party workers in scope; the 先锋工匠 first."""
    workers = scoped(PartyWorker.objects.filter(state=WorkerState.ACTIVE), user)
    return workers.order_by("-pioneer_craftsman", "name", "id")


def eligible_members(*, user, group: PartnerGroup) -> QuerySet:
    """Secretaries and deputies in scope, not the leader, not in a group of the same year."""
    taken = PartnerGroup.members.through.objects.filter(partnergroup__year=group.year)
    workers = scoped(
        PartyWorker.objects.filter(role__in=MEMBER_ROLES, state=WorkerState.ACTIVE), user
    )
    return workers.exclude(pk=group.leader_id).exclude(pk__in=taken.values("partyworker_id"))

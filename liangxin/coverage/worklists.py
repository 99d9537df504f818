"""Work lists derived from the coverage facts (DOMAIN.md §3), each with its action."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from liangxin.core.scoping import scoped
from liangxin.coverage.definitions import branch_min_full_members, with_facts
from liangxin.enterprises.models import Enterprise, OperatingStatus, UnitCategory
from liangxin.regions.models import Region


@dataclass(frozen=True)
class WorkList:
    key: str
    # The title; "{}" is one less than org.branch_min_full (the largest count that does not
    # yet make a branch), read when shown, like the condition.
    title_format: str
    action: str
    # Built when the list is read, so the rules behind it are read then too.
    condition: Callable[[], Q]
    status: str = OperatingStatus.OPERATING

    @property
    def title(self) -> str:
        return self.title_format.format(branch_min_full_members() - 1)


def _should_build() -> Q:
    return Q(full_members__gte=branch_min_full_members(), has_own_org=False)


def _small_uncovered() -> Q:
    return Q(full_members__gte=1, full_members__lt=branch_min_full_members(), is_covered=False)


WORK_LISTS = {
    item.key: item
    for item in (
        WorkList(
            "should_build",
            "应建未建",
            "单独组建党组织",
            _should_build,
        ),
        WorkList(
            "small_uncovered",
            "有1-{}名正式党员、未覆盖",
            "联合组建或挂靠",
            _small_uncovered,
        ),
        WorkList(
            "no_member",
            "无党员、未实现工作覆盖",
            "选派党建指导员",
            lambda: Q(employed__lt=1, is_covered=False, has_instructor=False),
        ),
        WorkList(
            "preparing",
            "筹建企业未同步建组织",
            "三个同步：组建与筹建同步、引进党员与招工同步、成立党组织与投产同步",
            lambda: Q(is_covered=False),
            status=OperatingStatus.PREPARING,
        ),
    )
}


def _facts(queryset: QuerySet, on: datetime.date) -> QuerySet:
    """The trigger-kept facts the dashboard counts, so a list and its figure agree."""
    return with_facts(queryset, on).annotate(
        employed=Coalesce("facts__employed_members", Value(0)),
        full_members=Coalesce("facts__full_members", Value(0)),
    )


def work_list(*, key: str, user, region: Region | None = None, on=None) -> QuerySet:
    """The enterprises on one work list, inside the user's scope (and a region subtree)."""
    spec = WORK_LISTS[key]
    on = on or timezone.localdate()
    base = scoped(
        Enterprise.objects.select_related("region").filter(
            category=UnitCategory.ENTERPRISE, status=spec.status
        ),
        user,
    )
    if region is not None:
        base = base.filter(region__path__startswith=region.path)
    return _facts(base, on).filter(spec.condition())


def region_work_list(*, key: str, region: Region, on=None) -> QuerySet:
    """The enterprises on one work list in a region subtree, read by no user (a scheduled
    job's figures must not depend on whose account started them)."""
    spec = WORK_LISTS[key]
    on = on or timezone.localdate()
    # The subtree's region ids, not a join on the path (as counting.units): SQLite cannot
    # use an index for LIKE … ESCAPE, and walked every operating enterprise of the database
    # for each list (campaigns' daily job: 0.2–0.4 s a list for a county of the province).
    subtree = Region.objects.filter(path__startswith=region.path).values("id")
    base = Enterprise.objects.filter(
        category=UnitCategory.ENTERPRISE, status=spec.status, region_id__in=subtree
    )
    return _facts(base, on).filter(spec.condition())


def counts_by_child_region(queryset: QuerySet, parent: Region) -> list[tuple[Region, int]]:
    """Rows of ``queryset`` per child region of ``parent`` (one GROUP BY on the path prefix)."""
    prefix_length = (parent.depth + 1) * Region.steplen
    rows = (
        queryset.filter(region__depth__gt=parent.depth)
        .annotate(child_path=Substr("region__path", 1, prefix_length))
        .order_by()
        .values("child_path")
        .annotate(n=Count("id"))
    )
    counts = {row["child_path"]: row["n"] for row in rows}
    children = Region.objects.filter(path__in=counts).order_by("path")
    return [(child, counts[child.path]) for child in children]

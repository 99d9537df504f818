"""Coverage indicators for a region subtree, as SQL aggregates over the path prefix."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from liangxin.core.numbers import rate
from liangxin.coverage.counting import count_indicators
from liangxin.coverage.definitions import (
    BACKBONE_LEVELS,
    INDICATOR_KEYS,
    employed_members,
    enterprise_organizations,
)
from liangxin.enterprises.models import OperatingStatus, UnitCategory
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

STAR_LEVELS = range(1, 7)


def coverage_counts(*, region: Region, category: str = "enterprise", on=None) -> dict:
    """{indicator: (numerator, denominator)} over the region's whole subtree."""
    on = on or timezone.localdate()
    return count_indicators(category=category, region_path=region.path, on=on)[""]


def grouped_counts(*, depth: int, category: str = "enterprise", on=None, within: str = ""):
    """{region path at ``depth``: counts of its subtree} for every region at that depth.

    Grouped on the path prefix; enterprises registered above ``depth`` are left
    out (they belong to no region at that depth).
    """
    on = on or timezone.localdate()
    length = depth * Region.steplen
    groups = count_indicators(category=category, region_path=within, on=on, prefix_length=length)
    return {prefix: counts for prefix, counts in groups.items() if len(prefix) == length}


def empty_counts() -> dict:
    return dict.fromkeys(INDICATOR_KEYS, (0, 0))


def coverage_counts_by_child(
    *, parent: Region, category: str = "enterprise", on=None
) -> list[tuple[Region, dict]]:
    """Each child region of ``parent`` with its subtree's counts, in one query."""
    return subtree_and_children(parent=parent, category=category, on=on)[1]


def subtree_and_children(
    *, parent: Region, category: str = "enterprise", on=None
) -> tuple[dict, list[tuple[Region, dict]]]:
    """The subtree's counts and each child's, from one GROUP BY.

    Grouping on the path cut at the children's depth puts the parent's own
    enterprises in a group of their own (the parent's path), so the subtree is
    the sum of the groups and the dashboard needs no second aggregate.
    """
    on = on or timezone.localdate()
    length = (parent.depth + 1) * Region.steplen
    groups = count_indicators(
        category=category, region_path=parent.path, on=on, prefix_length=length
    )
    total = {
        key: (
            sum(counts[key][0] for counts in groups.values()),
            sum(counts[key][1] for counts in groups.values()),
        )
        for key in INDICATOR_KEYS
    }
    children = Region.objects.get_children(Region.objects.get(pk=parent.pk))
    return total, [(child, groups.get(child.path, empty_counts())) for child in children]


def coverage_report(
    *, region: Region, category: str = "enterprise", on: datetime.date | None = None
) -> dict:
    """The statistics JSON of DOMAIN.md §5, keys in the specified order."""
    on = on or timezone.localdate()
    counts = coverage_counts(region=region, category=category, on=on)
    return {
        "region": region.code,
        "name": region.name,
        "as_of": on.isoformat(),
        "indicators": {
            key: {"numerator": num, "denominator": den, "rate": rate(num, den)}
            for key, (num, den) in counts.items()
        },
    }


def _share(numerator: int, denominator: int) -> dict:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": rate(numerator, denominator),
    }


def member_indicators(*, region: Region, on: datetime.date | None = None) -> dict:
    """Member indicators of DOMAIN.md §3 over the region's subtree (four aggregates)."""
    on = on or timezone.localdate()
    employed = employed_members().filter(
        employer__region__path__startswith=region.path,
        employer__category=UnitCategory.ENTERPRISE,
        employer__status=OperatingStatus.OPERATING,
    )
    backbone = Q(post_level__in=BACKBONE_LEVELS)
    members = employed.aggregate(
        total=Count("id"),
        backbone=Count("id", filter=backbone),
        new_total=Count("id", filter=Q(joined_on__year=on.year)),
        new_backbone=Count("id", filter=Q(joined_on__year=on.year) & backbone),
    )
    orgs = PartyOrganization.objects.covering(on).filter(region__path__startswith=region.path)
    org_row = orgs.aggregate(
        total=Count("id"),
        starred=Count("id", filter=Q(star_level__isnull=False)),
        **{f"star_{level}": Count("id", filter=Q(star_level=level)) for level in STAR_LEVELS},
    )
    own = enterprise_organizations(region_path=region.path, on=on).aggregate(
        total=Count("id"), investor=Count("id", filter=Q(secretary_is_investor=True))
    )
    return {
        "management_backbone_share": _share(members["backbone"], members["total"]),
        "investor_secretary_share": _share(own["investor"], own["total"]),
        "new_member_backbone_share": _share(members["new_backbone"], members["new_total"]),
        "starred_share": _share(org_row["starred"], org_row["total"]),
        "stars": {str(level): org_row[f"star_{level}"] for level in STAR_LEVELS},
    }


def previous_snapshot(*, region: Region, category: str = "enterprise", on=None):
    """The latest snapshot from a month before ``on``'s month, if any."""
    from liangxin.coverage.models import CoverageSnapshot

    on = on or timezone.localdate()
    return (
        CoverageSnapshot.objects.filter(
            region=region, category=category, month__lt=on.replace(day=1)
        )
        .order_by("-month")
        .first()
    )


def since_last_month(
    *, region: Region, category: str = "enterprise", on=None, now: dict | None = None
) -> dict | None:
    """Change of each indicator (numerator and rate points) and of the organization count.

    ``now``: today's counts if the caller has them already (saves the aggregate).
    """
    on = on or timezone.localdate()
    before = previous_snapshot(region=region, category=category, on=on)
    if before is None:
        return None
    now = now or coverage_counts(region=region, category=category, on=on)
    organizations = (
        PartyOrganization.objects.covering(on).filter(region__path__startswith=region.path).count()
    )
    return {
        "month": before.month.isoformat(),
        "organizations": organizations - before.organizations,
        "indicators": {key: _delta(now[key], before.figures.get(key, (0, 0))) for key in now},
    }


def _delta(now: tuple[int, int], before) -> dict:
    rate_now, rate_before = rate(*now), rate(*before)
    points = None
    if rate_now is not None and rate_before is not None:
        points = float(Decimal(str(rate_now)) - Decimal(str(rate_before)))
    return {
        "numerator": now[0] - before[0],
        "denominator": now[1] - before[1],
        "rate_points": points,
    }

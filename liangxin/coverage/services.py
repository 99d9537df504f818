"""Monthly snapshots of every region's indicators (idempotent per month)."""

import datetime

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from liangxin.coverage.models import CoverageSnapshot
from liangxin.coverage.selectors import empty_counts, grouped_counts
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region


def _organization_counts(depth: int, on: datetime.date) -> dict:
    rows = (
        PartyOrganization.objects.covering(on)
        .filter(region__depth__gte=depth)
        .annotate(prefix=Substr("region__path", 1, depth * Region.steplen))
        .order_by()
        .values("prefix")
        .annotate(n=Count("id"))
    )
    return {row["prefix"]: row["n"] for row in rows}


def _snapshots_at_depth(depth, *, month, category, on) -> list[CoverageSnapshot]:
    counts = grouped_counts(depth=depth, category=category, on=on)
    organizations = _organization_counts(depth, on)
    return [
        CoverageSnapshot(
            region_id=region_id,
            month=month,
            category=category,
            as_of=on,
            figures={k: list(v) for k, v in counts.get(path, empty_counts()).items()},
            organizations=organizations.get(path, 0),
        )
        for region_id, path in Region.objects.filter(depth=depth).values_list("id", "path")
    ]


@transaction.atomic
def snapshot_take(*, category: str = "enterprise", on: datetime.date | None = None) -> int:
    """Write this month's snapshot for every region; running again the same month replaces it."""
    on = on or timezone.localdate()
    month = on.replace(day=1)
    max_depth = Region.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    rows = []
    for depth in range(1, max_depth + 1):
        rows += _snapshots_at_depth(depth, month=month, category=category, on=on)
    CoverageSnapshot.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["region", "month", "category"],
        update_fields=["as_of", "figures", "organizations", "created_at"],
    )
    return len(rows)

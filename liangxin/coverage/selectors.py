"""Coverage indicators for a region subtree, as SQL aggregates over the path prefix."""

import datetime

from django.utils import timezone

from liangxin.coverage.definitions import (
    INDICATOR_KEYS,
    aggregate_expressions,
    annotated_base,
    rate,
)
from liangxin.regions.models import Region


def coverage_counts(*, region: Region, category: str = "enterprise", on=None) -> dict:
    """{indicator: (numerator, denominator)} over the region's whole subtree, one query."""
    on = on or timezone.localdate()
    base = annotated_base(on, category).filter(region__path__startswith=region.path)
    row = base.aggregate(**aggregate_expressions())
    return {key: (row[f"{key}__num"], row[f"{key}__den"]) for key in INDICATOR_KEYS}


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

"""The six indicators' counts: one pass over the units and their trigger-kept facts.

Each unit's facts (members, covering organizations, instructors) are kept in
``EnterpriseFacts`` by the triggers of ``coverage.facts`` in the writing
transaction, so counting a province is a scan of its operating units joined
to one row each — no probes into the members, links or instructors.
The property tests compare the result with ``reference.py``, which reads the
raw relations unit by unit.
"""

import datetime

from django.db.models import QuerySet
from django.db.models.functions import Substr

from liangxin.coverage.definitions import (
    CATEGORIES,
    INDICATOR_KEYS,
    aggregate_expressions,
    with_facts,
)
from liangxin.enterprises.models import Enterprise, OperatingStatus
from liangxin.regions.models import Region


def units(category: str, region_path: str) -> QuerySet:
    scope = Enterprise.objects.filter(
        category__in=CATEGORIES[category], status=OperatingStatus.OPERATING
    )
    if not region_path:  # the whole dataset needs no region filter at all
        return scope
    # The subtree's region ids, not a join on the path: the (region, status) index then
    # drives the query; SQLite cannot use an index for LIKE … ESCAPE on the path.
    subtree = Region.objects.filter(path__startswith=region_path).values("id")
    return scope.filter(region_id__in=subtree)


def count_indicators(
    *, category: str, region_path: str, on: datetime.date, prefix_length: int | None = None
) -> dict:
    """{group: {indicator: (numerator, denominator)}} for the units under ``region_path``.

    ``prefix_length`` groups by the region path cut at that length (the
    children of a region); ``None`` gives the whole subtree as group ``""``.
    """
    scope = with_facts(units(category, region_path), on)
    if prefix_length is None:
        rows = {"": scope.aggregate(**aggregate_expressions())}
    else:
        grouped = (
            scope.annotate(prefix=Substr("region__path", 1, prefix_length))
            .order_by()
            .values("prefix")
            .annotate(**aggregate_expressions())
        )
        rows = {row.pop("prefix"): row for row in grouped}
    return {
        group: {key: (row[f"{key}__num"], row[f"{key}__den"]) for key in INDICATOR_KEYS}
        for group, row in rows.items()
    }

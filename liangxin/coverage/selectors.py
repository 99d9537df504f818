"""Coverage indicators for a region subtree, as SQL aggregates over the path prefix."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from liangxin.coverage.definitions import (
    BACKBONE_LEVELS,
    INDICATOR_KEYS,
    aggregate_expressions,
    annotated_base,
    employed_members,
    rate,
)
from liangxin.enterprises.models import OperatingStatus, UnitCategory
from liangxin.organizations.models import PartyOrganization
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


def _share(numerator: int, denominator: int) -> dict:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": rate(numerator, denominator),
    }


def member_indicators(*, region: Region, on: datetime.date | None = None) -> dict:
    """Member indicators of DOMAIN.md §3 over the region's subtree (three aggregates)."""
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
        investor=Count("id", filter=Q(secretary_is_investor=True)),
        starred=Count("id", filter=Q(star_level__isnull=False)),
    )
    stars = dict(
        orgs.filter(star_level__isnull=False)
        .values_list("star_level")
        .annotate(n=Count("id"))
        .values_list("star_level", "n")
    )
    return {
        "management_backbone_share": _share(members["backbone"], members["total"]),
        "investor_secretary_share": _share(org_row["investor"], org_row["total"]),
        "new_member_backbone_share": _share(members["new_backbone"], members["new_total"]),
        "starred_share": _share(org_row["starred"], org_row["total"]),
        "stars": {str(level): stars.get(level, 0) for level in range(1, 7)},
    }

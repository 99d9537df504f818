"""Reads of ratings as SQL aggregates (WORK.md §3 "Statistics"; DOMAIN.md §3 "stars
distribution"): the star distribution and the share at or above a level by region (GROUP BY
the region path cut one level below the region asked for), a cycle's results and progress by
town, the self–town–district gaps, an organization's history across cycles.

Callers hand in querysets already passed through ``core.scoping.scoped``: what a user
counts is what they may see.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Substr

from liangxin.ratings.engine import star_label
from liangxin.ratings.models import ItemScore, RatingState
from liangxin.regions.models import Region

LEVELS = range(1, 7)
ONE_DECIMAL = Decimal("0.1")


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class LevelCounts:
    """How many of ``total`` stand at each level (stars, or a grade's rank)."""

    path: str
    name: str
    total: int = 0
    levels: dict[int, int] = field(default_factory=dict)

    @property
    def rated(self) -> int:
        return sum(self.levels.values())

    def at_or_above(self, level: int) -> int:
        return sum(count for at, count in self.levels.items() if at >= level)

    def share_at_or_above(self, level: int) -> Decimal:
        """Percent of all counted (unrated included) at ``level`` or above (丹东: 95 % starred)."""
        return _percent(self.at_or_above(level), self.total)

    def share_at(self, level: int) -> Decimal:
        return _percent(self.levels.get(level, 0), self.total)

    def add(self, other: "LevelCounts") -> None:
        self.total += other.total
        for level, count in other.levels.items():
            self.levels[level] = self.levels.get(level, 0) + count


def _group(field_path: str, region: Region, by_children: bool):
    """The region path cut one level below ``region`` (a child's subtree), or ``region``'s."""
    if not by_children:
        return Value(region.path, output_field=CharField())
    return Substr(field_path, 1, len(region.path) + Region.steplen)


def _level_counts(queryset: QuerySet, level_field: str, group) -> QuerySet:
    return (
        queryset.annotate(group=group)
        .order_by()
        .values("group")
        .annotate(
            total=Count("id"),
            **{f"at_{n}": Count("id", filter=Q(**{level_field: n})) for n in LEVELS},
        )
    )


def _region_names(paths, region: Region) -> dict[str, str]:
    """{group path: name}; organizations of the region itself form the group "本级"."""
    names = dict(Region.objects.filter(path__in=list(paths)).values_list("path", "name"))
    return {path: "本级" if path == region.path else names.get(path, path) for path in paths}


def _named(rows, region: Region) -> list[LevelCounts]:
    names = _region_names([row["group"] for row in rows], region)
    counted = [
        LevelCounts(
            path=row["group"],
            name=names[row["group"]],
            total=row["total"],
            levels={n: row[f"at_{n}"] for n in LEVELS if row[f"at_{n}"]},
        )
        for row in rows
    ]
    return sorted(counted, key=lambda counts: counts.path)


def star_distribution(
    organizations: QuerySet, region: Region, *, by_children: bool = True
) -> list[LevelCounts]:
    """The organizations' current stars (``star_level``) in ``region``'s subtree, per child
    region (or the subtree as one row): one GROUP BY."""
    inside = organizations.covering().filter(
        region_id__in=Region.objects.filter(path__startswith=region.path).values("id"),
    )
    group = _group("region__path", region, by_children)
    return _named(list(_level_counts(inside, "star_level", group)), region)


def total_of(rows: list[LevelCounts], region: Region) -> LevelCounts:
    """The rows' sum (their groups are disjoint subtrees): the region's own figures."""
    total = LevelCounts(path=region.path, name=region.name)
    for row in rows:
        total.add(row)
    return total


def cycle_results(ratings: QuerySet, region: Region, *, by_children: bool = True):
    """A cycle's approved-or-later results per child region: counts by level."""
    done = ratings.filter(
        state__in=(RatingState.APPROVED, RatingState.PUBLICIZED, RatingState.FINAL)
    )
    group = _group("organization__region__path", region, by_children)
    return _named(list(_level_counts(done, "level", group)), region)


@dataclass
class Progress:
    path: str
    name: str
    states: dict[str, int]
    vetoed: int

    @property
    def total(self) -> int:
        return sum(self.states.values())


def cycle_progress(ratings: QuerySet, region: Region) -> list[Progress]:
    """Per child region: ratings by state, and the vetoed (WORK.md §3 "cycle progress per
    town", "vetoes")."""
    rows = (
        ratings.annotate(group=_group("organization__region__path", region, True))
        .order_by()
        .values("group")
        .annotate(
            vetoed=Count("id", filter=Q(vetoed=True)),
            **{state: Count("id", filter=Q(state=state)) for state in RatingState.values},
        )
    )
    rows = list(rows)
    named = _region_names([row["group"] for row in rows], region)
    return sorted(
        (
            Progress(
                row["group"],
                named[row["group"]],
                {s: row[s] for s in RatingState.values},
                row["vetoed"],
            )
            for row in rows
        ),
        key=lambda progress: progress.path,
    )


def score_gaps(ratings: QuerySet) -> dict:
    """Average per item of self − town and town − district (WORK.md §3 "self–town–district
    gaps"), over the items both levels scored."""
    scores = ItemScore.objects.filter(rating__in=ratings.values("pk"))
    return scores.aggregate(
        self_town=Avg(
            F("self_score") - F("town_score"),
            filter=Q(self_score__isnull=False, town_score__isnull=False),
        ),
        town_district=Avg(
            F("town_score") - F("district_score"),
            filter=Q(town_score__isnull=False, district_score__isnull=False),
        ),
    )


def organization_history(ratings: QuerySet, organization) -> QuerySet:
    """The organization's ratings across cycles, newest first (all cycles kept)."""
    return (
        ratings.filter(organization=organization)
        .select_related("cycle", "cycle__rubric")
        .order_by("-cycle__year", "-cycle_id")
    )


def level_labels(levels=LEVELS) -> dict[int, str]:
    return {level: star_label(level) for level in levels}

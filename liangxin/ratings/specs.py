"""A rubric version's rows as the engine's plain values (engine.RubricSpec)."""

from liangxin.ratings import engine
from liangxin.ratings.models import Item, Rubric


def rubric_spec(rubric: Rubric) -> engine.RubricSpec:
    """The engine's view of ``rubric``; items are keyed by their primary key."""
    dimensions = list(rubric.dimensions.all())
    items = Item.objects.filter(dimension__rubric=rubric).select_related("dimension")
    return engine.RubricSpec(
        model=rubric.model,
        dimensions=tuple(
            engine.DimensionSpec(d.name, d.max_points, d.star_share) for d in dimensions
        ),
        items=tuple(
            engine.ItemSpec(i.pk, i.dimension.name, i.max_points, i.is_bonus) for i in items
        ),
        bands=tuple(engine.BandSpec(b.min_points, b.level, b.label) for b in rubric.bands.all()),
        star_count=rubric.star_count,
        bonus_cap=rubric.bonus_cap,
        satisfaction_weight=rubric.satisfaction_weight,
        satisfaction_caps=tuple(
            engine.CapSpec(c.below, c.max_level) for c in rubric.satisfaction_caps.all()
        ),
    )


def category_rule(rubric: Rubric, spec: engine.RubricSpec) -> engine.CategoryRule:
    return engine.CategoryRule(
        top_level=spec.top_level,
        standard_min_level=rubric.standard_min_level,
        incubating_months=rubric.incubating_months,
        incubating_min_members=rubric.incubating_min_members,
    )


def distribution_caps(rubric: Rubric) -> list[engine.DistributionCapSpec]:
    return [
        engine.DistributionCapSpec(c.level, c.max_share) for c in rubric.distribution_caps.all()
    ]

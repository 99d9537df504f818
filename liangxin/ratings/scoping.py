"""Who sees which rubrics, cycles and ratings (core.scoping).

A rating belongs to an organization and is seen like its members. A cycle is seen by the
region that runs it and by whoever sees one of its ratings (a town sees the district's
cycle through its own organizations). Rubrics are the district's published scheme: every
business user reads them.
"""

from django.db.models import Exists, OuterRef, Q

from liangxin.core.scoping import Scope, any_of, prefix_q
from liangxin.ratings.models import (
    Band,
    CycleEvent,
    Dimension,
    DistributionCap,
    Item,
    ItemScore,
    Objection,
    Rating,
    RatingChange,
    RatingCycle,
    RatingEvent,
    Rubric,
    SatisfactionCap,
    VetoAnswer,
    VetoItem,
)


def _through(prefix: str, scope: Scope) -> Q | None:
    return any_of(
        prefix_q(f"{prefix}organization__region__path", scope.region_paths),
        prefix_q(f"{prefix}organization__path", scope.organization_paths),
    )


def vocabulary_rule(scope: Scope) -> Q | None:
    return None if scope.is_empty else Q()


def rating_rule(scope: Scope) -> Q | None:
    return _through("", scope)


def through_rating_rule(scope: Scope) -> Q | None:
    return _through("rating__", scope)


def _cycle_q(prefix: str, scope: Scope) -> Q | None:
    ratings = Rating.objects.filter(cycle=OuterRef(f"{prefix}pk" if prefix else "pk"))
    seen = _through("", scope)
    return any_of(
        prefix_q(f"{prefix}region__path", scope.region_paths),
        Q(Exists(ratings.filter(seen))) if seen is not None else None,
    )


def cycle_rule(scope: Scope) -> Q | None:
    return _cycle_q("", scope)


def cycle_event_rule(scope: Scope) -> Q | None:
    return _cycle_q("cycle__", scope)


SCOPE_RULES = [
    (Rubric, vocabulary_rule),
    (Dimension, vocabulary_rule),
    (Item, vocabulary_rule),
    (VetoItem, vocabulary_rule),
    (Band, vocabulary_rule),
    (SatisfactionCap, vocabulary_rule),
    (DistributionCap, vocabulary_rule),
    (RatingCycle, cycle_rule),
    (CycleEvent, cycle_event_rule),
    (Rating, rating_rule),
    (ItemScore, through_rating_rule),
    (VetoAnswer, through_rating_rule),
    (Objection, through_rating_rule),
    (RatingEvent, through_rating_rule),
    (RatingChange, rating_rule),
]

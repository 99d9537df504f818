"""What the dashboard and the big screen show, computed once per request."""

import datetime

from django.utils import timezone

from liangxin.core.numbers import rate
from liangxin.coverage.definitions import DEFAULT_GOALS, INDICATOR_KEYS, INDICATOR_LABELS
from liangxin.coverage.models import CoverageSnapshot, IndicatorGoal
from liangxin.coverage.selectors import (
    member_indicators,
    since_last_month,
    subtree_and_children,
)
from liangxin.regions.models import Region

TREND_MONTHS = 12


def goals() -> dict:
    stored = dict(IndicatorGoal.objects.values_list("indicator", "goal"))
    return {key: float(stored.get(key, DEFAULT_GOALS[key])) for key in INDICATOR_KEYS}


def indicator_cards(counts: dict, goal_of: dict, delta: dict | None) -> list[dict]:
    cards = []
    for key in INDICATOR_KEYS:
        numerator, denominator = counts[key]
        value = rate(numerator, denominator)
        change = delta["indicators"][key] if delta else None
        cards.append(
            {
                "key": key,
                "label": INDICATOR_LABELS[key],
                "numerator": numerator,
                "denominator": denominator,
                "gap": denominator - numerator,
                "rate": value,
                "goal": goal_of[key],
                "met": value is not None and value >= goal_of[key],
                "delta": change,
            }
        )
    return cards


def child_series(children: list[tuple[Region, dict]]) -> dict:
    """Per indicator: the child regions sorted by rate (highest first, empty last)."""
    series = {}
    for key in INDICATOR_KEYS:
        points = [
            {
                "code": child.code,
                "name": child.name,
                "numerator": counts[key][0],
                "denominator": counts[key][1],
                "rate": rate(*counts[key]),
            }
            for child, counts in children
        ]
        points.sort(key=lambda p: (p["rate"] is None, -(p["rate"] or 0)))
        series[key] = points
    return series


def trend(region: Region, category: str) -> list[dict]:
    snapshots = CoverageSnapshot.objects.filter(region=region, category=category).order_by(
        "-month"
    )[:TREND_MONTHS]
    return [
        {
            "month": snapshot.month.strftime("%Y-%m"),
            "rates": {key: rate(*snapshot.figures.get(key, (0, 0))) for key in INDICATOR_KEYS},
        }
        for snapshot in reversed(list(snapshots))
    ]


def dashboard(*, region: Region, category: str = "enterprise", on: datetime.date | None = None):
    on = on or timezone.localdate()
    goal_of = goals()
    counts, children = subtree_and_children(parent=region, category=category, on=on)
    delta = since_last_month(region=region, category=category, on=on, now=counts)
    return {
        "region": region,
        "category": category,
        "as_of": on,
        "cards": indicator_cards(counts, goal_of, delta),
        "delta": delta,
        "children": child_series(children),
        "goals": goal_of,
        "labels": INDICATOR_LABELS,
        "members": member_indicators(region=region, on=on),
        "trend": trend(region, category),
    }

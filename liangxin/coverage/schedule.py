"""The monthly snapshot as a scheduled job: due when this month has no snapshot yet."""

from django.utils import timezone

from liangxin.core.schedule import ScheduledJob
from liangxin.coverage.definitions import CATEGORIES
from liangxin.coverage.models import CoverageSnapshot
from liangxin.coverage.services import snapshot_take


def monthly_snapshot_due(on=None) -> list[str]:
    """Categories with no snapshot for the current month."""
    month = (on or timezone.localdate()).replace(day=1)
    done = set(CoverageSnapshot.objects.filter(month=month).values_list("category", flat=True))
    return [category for category in sorted(CATEGORIES) if category not in done]


def take_monthly_snapshot_if_due(on=None) -> list[str]:
    due = monthly_snapshot_due(on)
    for category in due:
        snapshot_take(category=category, on=on)
    return due


JOBS = [ScheduledJob("coverage.monthly_snapshot", "两个覆盖月度快照", take_monthly_snapshot_if_due)]

"""Writes of the rules app besides the rule values (values.rule_set): the working-day
calendar's corrections, by the district admin, audited (CalendarDay is registered)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.roles import Role
from liangxin.rules.models import CalendarDay

ONLY_DISTRICT = "只有区级管理员可以调整工作日历"


def _ensure_district(actor) -> None:
    if actor is None or actor.role != Role.DISTRICT_ADMIN:
        raise ValidationError(ONLY_DISTRICT)


@transaction.atomic
def calendar_day_set(
    *, actor, day: datetime.date, kind: str, name: str, source: str
) -> CalendarDay:
    """Add or change the arrangement of ``day`` (one row a day: a second one changes it)."""
    _ensure_district(actor)
    found = CalendarDay.objects.select_for_update().filter(day=day).first()
    entry = found or CalendarDay(day=day)
    entry.kind, entry.name, entry.source = kind, name.strip(), source.strip()
    entry.updated_by = actor
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def calendar_day_delete(*, actor, day: datetime.date) -> None:
    """Back to the published arrangement for ``day``."""
    _ensure_district(actor)
    deleted, _ = CalendarDay.objects.filter(day=day).delete()
    if not deleted:
        raise ValidationError(f"{day:%Y-%m-%d} 没有本地调整")

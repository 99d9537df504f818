"""Deadlines of a request (WORK.md §5): the span of the DeadlineRule for its urgency (a
category's own row first, the shortest of them), counted from reception on the platform's
working-day calendar (rules.workdays: chinese_calendar's published arrangement with the
district's corrections, 调休 included). The clock stops only in 待补充: the working days (or,
for spans in hours, the time) spent there are added."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from liangxin.requests.models import DeadlineRule, SpanUnit
from liangxin.rules.workdays import Calendar


def rule_for(urgency: str, category_ids) -> DeadlineRule:
    rules = DeadlineRule.objects.filter(urgency=urgency).select_related("category")
    own = [rule for rule in rules if rule.category_id in set(category_ids)]
    if own:
        return min(own, key=lambda rule: (rule.unit != SpanUnit.HOURS, rule.span))
    general = [rule for rule in rules if rule.category_id is None]
    if not general:
        raise ValidationError("未设置该紧急程度的办理时限规则，请先在诉求设置中维护")
    return general[0]


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def due_day(
    start: datetime.date, span: int, paused_workdays: int = 0, calendar=None
) -> datetime.date:
    """The last day of a span of ``span`` working days from ``start`` (0: the same working
    day, or the next one when ``start`` is a day off), moved on by the paused working days."""
    calendar = calendar or Calendar()
    if span == 0:
        day = calendar.first_workday(start)
        return calendar.add(day, paused_workdays) if paused_workdays else day
    return calendar.add(start, span + paused_workdays)


def due_at(request, calendar=None) -> datetime.datetime:
    if request.span_unit == SpanUnit.HOURS:
        pause = datetime.timedelta(seconds=request.paused_seconds)
        return request.received_at + datetime.timedelta(hours=request.span) + pause
    start = local_day(request.received_at)
    return end_of_day(due_day(start, request.span, request.paused_workdays, calendar))


def workdays_between(start: datetime.date, end: datetime.date, calendar=None) -> int:
    """Working days d with start < d <= end: a return on a Tuesday answered on the Thursday
    stopped the clock for Wednesday and Thursday."""
    calendar = calendar or Calendar()
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_workday(day)
    return count


def longest_extension(request, calendar=None) -> datetime.datetime:
    """One extension no longer than the first span (WORK.md §5 defaults [I]); a span of the
    same working day allows one working day more."""
    if request.span_unit == SpanUnit.HOURS:
        return request.due_at + datetime.timedelta(hours=request.span)
    days = max(request.span, 1)
    return end_of_day((calendar or Calendar()).add(local_day(request.due_at), days))


def follow_up_day(finished: datetime.date, workdays: int) -> datetime.date:
    return Calendar().add(finished, workdays)


def urge_day(due: datetime.date, workdays: int) -> datetime.date:
    """The working day ``workdays`` working days before ``due`` (催办)."""
    calendar = Calendar()
    day, counted = due, 0
    while counted < workdays:
        day -= datetime.timedelta(days=1)
        counted += calendar.is_workday(day)
    return day

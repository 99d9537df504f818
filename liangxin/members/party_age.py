"""Party age and the political birthday (RULES.md, "Party age and political birthday").

- The political birthday is the joining date (入党日期): the branch meeting's resolution.
- Party age counts from full membership (转正), extended probation included; the
  probation itself is not counted.
- Milestone badges (党龄纪念章) at 30, 40, 50 years by default (configurable: age.milestones).
"""

import datetime

from django.db.models import Q

from liangxin.members.models import FlowType, Member
from liangxin.rules.values import rule_value


def party_age(full_member_on: datetime.date | None, on: datetime.date) -> int | None:
    """Whole years from full membership to ``on``; None for a probationary member."""
    if full_member_on is None:
        return None
    years = on.year - full_member_on.year
    return years - ((on.month, on.day) < (full_member_on.month, full_member_on.day))


def political_birthdays(members, *, year: int, month: int):
    """Members whose joining date falls in ``month`` (any year before ``year``)."""
    return (
        members.exclude(flow_type=FlowType.DEPARTED)
        .filter(joined_on__month=month, joined_on__year__lt=year)
        .order_by("joined_on__day", "name", "id")
    )


def milestone_members(members, *, year: int) -> list[tuple[Member, int]]:
    """Members reaching a milestone Party age during ``year``, with that milestone."""
    milestones = rule_value("age.milestones")
    reached = Q()
    for years in milestones:
        reached |= Q(full_member_on__year=year - years)
    selected = members.exclude(flow_type=FlowType.DEPARTED).filter(reached)
    rows = selected.order_by("full_member_on", "name", "id")
    return [(member, year - member.full_member_on.year) for member in rows]

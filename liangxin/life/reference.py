"""A straightforward per-organization implementation of organization-life compliance.

Not used by the application: it is the oracle the tests compare the SQL aggregates of
``compliance`` with, and the peer ``make bench`` measures them against. It walks the
organizations one by one, asks the ORM for each one's meetings of each kind and counts
the periods in Python, the way a first version would.
"""

import datetime

from liangxin.life.compliance import (
    BRANCH_KINDS,
    KINDS,
    TALK,
    frequencies,
    period_bounds,
    period_of,
)
from liangxin.life.models import Meeting, MeetingKind, MeetingStatus, Talk
from liangxin.organizations.models import OrgKind


def owes(organization, kind: str) -> bool:
    if kind == MeetingKind.COMMITTEE:
        return organization.has_committee and (
            organization.kind in BRANCH_KINDS or organization.kind == OrgKind.COMMITTEE
        )
    if kind == MeetingKind.GROUP:
        return organization.kind == OrgKind.GROUP
    return organization.kind in BRANCH_KINDS  # the other meetings and 谈心谈话


def owed_periods(organization, months: int, year: int, on: datetime.date) -> list[int]:
    owed = []
    for index in range(year * 12 // months, (year + 1) * 12 // months):
        start, end = period_bounds(index, months)
        if end >= on:
            break
        if organization.established_on and organization.established_on > start:
            continue
        if organization.dissolved_on and organization.dissolved_on <= end:
            continue
        owed.append(index)
    return owed


def talk_counts(organization, months: int, year: int, on) -> tuple[int, int]:
    """Each owed year is met when every member of the organization had a talk in it."""
    owed = owed_periods(organization, months, year, on)
    met = 0
    for index in owed:
        start, end = period_bounds(index, months)
        talks = Talk.objects.filter(held_on__gte=start, held_on__lte=end)
        talked = set(talks.values_list("first_id", flat=True))
        talked |= set(talks.values_list("second_id", flat=True))
        members = organization.members.values_list("id", flat=True)
        met += all(member in talked for member in members)
    return len(owed), met


def organization_counts(organization, kind: str, months: int, year: int, on) -> tuple[int, int]:
    if kind == TALK:
        return talk_counts(organization, months, year, on)
    owed = owed_periods(organization, months, year, on)
    days = Meeting.objects.filter(
        organization=organization, kind=kind, status=MeetingStatus.HELD
    ).values_list("held_on", flat=True)
    met = {period_of(day, months) for day in days} & set(owed)
    return len(owed), len(met)


def reference_figures(organizations, year: int, on: datetime.date) -> dict[str, tuple]:
    """{kind: (organizations owing, due, held, behind)} over ``organizations``."""
    months = frequencies()
    totals = {kind: [0, 0, 0, 0] for kind in KINDS}
    for organization in organizations:
        for kind in KINDS:
            if not owes(organization, kind):
                continue
            due, held = organization_counts(organization, kind, months[kind], year, on)
            total = totals[kind]
            total[0] += 1
            total[1] += due
            total[2] += held
            total[3] += held < due
    return {kind: tuple(total) for kind, total in totals.items()}

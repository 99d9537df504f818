"""A straightforward per-organization implementation of organization-life compliance.

Not used by the application: it is the oracle the tests compare the SQL aggregates of
``compliance`` with, and the peer ``make bench`` measures them against. It walks the
organizations one by one, asks the ORM for each one's meetings of each kind and counts
the periods in Python, the way a first version would.
"""

import datetime

from liangxin.life.compliance import BRANCH_KINDS, frequencies, period_bounds, period_of
from liangxin.life.models import Meeting, MeetingKind, MeetingStatus
from liangxin.organizations.models import OrgKind


def owes(organization, kind: str) -> bool:
    if kind == MeetingKind.COMMITTEE:
        return organization.has_committee and (
            organization.kind in BRANCH_KINDS or organization.kind == OrgKind.COMMITTEE
        )
    if kind == MeetingKind.GROUP:
        return organization.kind == OrgKind.GROUP
    return organization.kind in BRANCH_KINDS


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


def organization_counts(organization, kind: str, months: int, year: int, on) -> tuple[int, int]:
    owed = owed_periods(organization, months, year, on)
    days = Meeting.objects.filter(
        organization=organization, kind=kind, status=MeetingStatus.HELD
    ).values_list("held_on", flat=True)
    met = {period_of(day, months) for day in days} & set(owed)
    return len(owed), len(met)


def reference_figures(organizations, year: int, on: datetime.date) -> dict[str, tuple]:
    """{kind: (organizations owing, due, held, behind)} over ``organizations``."""
    months = frequencies()
    totals = {kind: [0, 0, 0, 0] for kind in MeetingKind.values}
    for organization in organizations:
        for kind in MeetingKind.values:
            if not owes(organization, kind):
                continue
            due, held = organization_counts(organization, kind, months[kind], year, on)
            total = totals[kind]
            total[0] += 1
            total[1] += due
            total[2] += held
            total[3] += held < due
    return {kind: tuple(total) for kind, total in totals.items()}

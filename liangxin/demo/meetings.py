"""A year of organization life for the demo: the meetings each organization held up to
the anchor date, as counts (who came is not generated: a province has millions).

Each organization holds each meeting it owes (life.compliance.owes) in most periods,
with a probability per kind, so that the compliance pages have organizations behind
and the bench has a year of meetings at a province's size. Deterministic: each
organization's choices come from a generator seeded with its code.
"""

import datetime
import random
from collections import Counter
from collections.abc import Iterator

from liangxin.demo.records import Chunk, OrganizationRecord
from liangxin.demo.scales import ANCHOR_DATE
from liangxin.life.compliance import BRANCH_KINDS
from liangxin.life.models import Meeting, MeetingKind
from liangxin.organizations.models import OrgKind

# (kind, months per period, share of periods held): the defaults of 《支部工作条例》 and a
# plausible record; the yearly ones are partly held by November.
PLAN = (
    (MeetingKind.THEME_DAY, 1, 0.93),
    (MeetingKind.GENERAL_ASSEMBLY, 3, 0.9),
    (MeetingKind.LECTURE, 3, 0.85),
    (MeetingKind.LIFE_MEETING, 12, 0.4),
    (MeetingKind.APPRAISAL, 12, 0.35),
)
COMMITTEE_PLAN = ((MeetingKind.COMMITTEE, 1, 0.88),)
GROUP_PLAN = ((MeetingKind.GROUP, 1, 0.8),)
TOPICS = {
    MeetingKind.THEME_DAY: "主题党日：学习贯彻党的二十届四中全会精神",
    MeetingKind.GENERAL_ASSEMBLY: "党员大会：通报季度工作",
    MeetingKind.LECTURE: "党课：车间微党课",
    MeetingKind.LIFE_MEETING: "组织生活会",
    MeetingKind.APPRAISAL: "民主评议党员",
    MeetingKind.COMMITTEE: "支委会：研究月度工作",
    MeetingKind.GROUP: "党小组会：学习交流",
}
COLUMNS = [
    "organization_id",
    "kind",
    "status",
    "held_on",
    "topic",
    "expected_count",
    "present_count",
    "excused_count",
    "absent_count",
    "voters_expected",
    "voters_present",
    "quorate",
    "created_at",
    "updated_at",
]


def plan_of(organization: OrganizationRecord) -> tuple:
    if organization.kind == "group":
        return GROUP_PLAN
    if organization.kind not in BRANCH_KINDS:
        # A 党委 meets as a committee; a 党工委 is not a branch (compliance.owes).
        committee = organization.kind == OrgKind.COMMITTEE and organization.has_committee
        return COMMITTEE_PLAN if committee else ()
    return PLAN + (COMMITTEE_PLAN if organization.has_committee else ())


def _periods(months: int, organization: OrganizationRecord) -> Iterator[tuple]:
    """(first day, last day) of each period of the anchor's year that has ended by the
    anchor date and that the organization existed for."""
    year = ANCHOR_DATE.year
    for first_month in range(1, 13, months):
        start = datetime.date(year, first_month, 1)
        after = first_month + months
        end = (
            datetime.date(year + 1, 1, 1) if after > 12 else datetime.date(year, after, 1)
        ) - datetime.timedelta(days=1)
        if end >= ANCHOR_DATE:
            continue
        if organization.established_on and organization.established_on > start:
            continue
        if organization.dissolved_on and organization.dissolved_on <= end:
            continue
        yield start, end


def meetings_of(organization: OrganizationRecord, headcount: tuple[int, int]) -> Iterator[tuple]:
    """Rows of COLUMNS (without the stamps) for one organization."""
    rng = random.Random(organization.code)
    members, full = headcount
    for kind, months, share in plan_of(organization):
        for start, end in _periods(months, organization):
            if rng.random() >= share:
                continue
            day = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
            if kind == MeetingKind.THEME_DAY:
                day = start.replace(day=15)
            yield (organization.id, kind, day, *_counts(rng, kind, members, full))


def _counts(rng: random.Random, kind: str, members: int, full: int) -> tuple:
    present = round(members * rng.uniform(0.55, 1.0))
    excused = min(members - present, rng.randrange(3))
    voters = full if kind == MeetingKind.GENERAL_ASSEMBLY else 0
    voters_present = min(voters, present)
    quorate = voters_present * 2 > voters if kind == MeetingKind.GENERAL_ASSEMBLY else None
    return members, present, excused, members - present - excused, voters, voters_present, quorate


def meeting_table(chunk: Chunk, now: datetime.datetime):
    members = Counter(m.organization_id for m in chunk.members)
    full = Counter(m.organization_id for m in chunk.members if m.status == "full")
    rows = (
        (org_id, kind, "held", day, TOPICS[kind], *counts, now, now)
        for organization in chunk.organizations
        for org_id, kind, day, *counts in meetings_of(
            organization, (members[organization.id], full[organization.id])
        )
    )
    return Meeting, COLUMNS, rows

"""What a campaign measures: the coverage engine's indicators (coverage.definitions) and the
campaign's own, measured here over the campaign's region subtree — never in a user's scope,
so the figures are the same whoever reads or records them.

第一议题 (``first_topic_orgs``): the share of the Party organizations of the region that held
at least one meeting flagged 第一议题 (life.Meeting.first_topic, status 已召开) within the
campaign period, up to the day measured. WORK.md §1 ("A committee meeting's first item may
be flagged 第一议题 … [L:平湖, 市级及以上双管企业]") and the seed kind's source ("[L:平湖]
市级及以上双管企业全面落实“第一议题”制度") ask that every organization put the system into
practice; the drive's question is "who has not started yet", so the period to date is
counted (one meeting anywhere in the period counts) rather than month by month: a figure per
month would fall back to 0% on the first of each month and the day-by-day line could not
show the drive closing its gap. The month-by-month regularity is organization life's
compliance check (life.compliance), not the drive's.

Counted: the organizations that hold such meetings — 党委, 党总支, 党支部, 联合党支部, 临时
党支部 (organizations.COVERING_KINDS; a 党小组 or 党工委 is not asked) — registered in the
region subtree and not dissolved on the day measured. Counted the same way as
life.study.held_meetings (status 已召开, held_on in a date range).
"""

import datetime

from django.db.models import Exists, OuterRef

from liangxin.coverage.definitions import INDICATOR_KEYS, INDICATOR_LABELS
from liangxin.coverage.selectors import coverage_counts
from liangxin.life.models import Meeting, MeetingStatus
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

FIRST_TOPIC = "first_topic_orgs"

# The campaign's own indicators, measured below (not by the coverage engine).
OWN_LABELS = {FIRST_TOPIC: "第一议题落实率（党组织）"}

LABELS = {**INDICATOR_LABELS, **OWN_LABELS}
KEYS = (*INDICATOR_KEYS, *OWN_LABELS)
__all__ = ["INDICATOR_KEYS", "KEYS", "LABELS", "measure"]


def first_topic_counts(
    *, region: Region, starts_on: datetime.date, on: datetime.date
) -> tuple[int, int]:
    """(organizations that held a 第一议题 meeting from ``starts_on`` to ``on``, organizations)."""
    held = Meeting.objects.filter(
        organization=OuterRef("pk"),
        status=MeetingStatus.HELD,
        first_topic=True,
        held_on__range=(starts_on, on),
    )
    organizations = PartyOrganization.objects.covering(on).filter(
        region__path__startswith=region.path
    )
    return organizations.filter(Exists(held)).count(), organizations.count()


def measure(
    campaign, region: Region, indicator: str, on: datetime.date, *, counts: dict | None = None
) -> tuple[int, int]:
    """(numerator, denominator) of one indicator over the region's subtree on ``on``; the
    campaign's own indicators count from its start to ``on`` (its end at the latest).
    ``counts``: a dict kept by the caller across targets, so each region's coverage
    indicators are counted once (they come together from one aggregate), not once per
    indicator targeted."""
    if indicator == FIRST_TOPIC:
        until = min(on, campaign.ends_on)
        if until < campaign.starts_on:
            until = campaign.starts_on - datetime.timedelta(days=1)  # nothing held yet
        return first_topic_counts(region=region, starts_on=campaign.starts_on, on=until)
    if counts is None:
        return coverage_counts(region=region, on=on)[indicator]
    if region.pk not in counts:
        counts[region.pk] = coverage_counts(region=region, on=on)
    return counts[region.pk][indicator]

"""Party members: how many an enterprise employs, and each one's record.

Dates follow RULES.md: the political birthday is at least 18 years after
birth, full membership comes one year after joining (sometimes after an
extended probation), probationary members have no full-membership date.
"""

import datetime
import math

from liangxin.demo import vocab
from liangxin.demo.context import Context
from liangxin.demo.people import add_years, random_date
from liangxin.demo.records import EnterpriseRecord, MemberRecord
from liangxin.demo.scales import ANCHOR_DATE
from liangxin.demo.weights import Weighted

EDUCATIONS = ("junior", "senior", "college", "bachelor", "master", "doctor")
EDUCATION_WEIGHTS = (5, 15, 30, 40, 9, 1)
# 泉州: 78.1% of employed members hold management posts or above.
POST_LEVELS = ("front_line", "technical", "management", "executive")
POST_LEVEL_WEIGHTS = (8, 14, 56, 22)
EMPLOYED_FLOWS = ("regular", "inflow", "departed")
EMPLOYED_FLOW_WEIGHTS = (82, 13, 5)
PROBATIONARY_SHARE = 0.06
EXTENDED_PROBATION_SHARE = 0.04
EARLIEST_JOINING = datetime.date(1972, 1, 1)
ETHNICITY_PICK = Weighted(vocab.ETHNICITIES, vocab.ETHNICITY_WEIGHTS)
EDUCATION_PICK = Weighted(EDUCATIONS, EDUCATION_WEIGHTS)
POST_LEVEL_PICK = Weighted(POST_LEVELS, POST_LEVEL_WEIGHTS)
FLOW_PICK = Weighted(EMPLOYED_FLOWS, EMPLOYED_FLOW_WEIGHTS)

# Chance that an enterprise of this size employs any Party member (before density).
HAS_MEMBERS_BY_SIZE = ((10, 0.02), (50, 0.10), (100, 0.55), (500, 0.97))


def has_members_chance(employees: int, density: float) -> float:
    for limit, chance in HAS_MEMBERS_BY_SIZE:
        if employees < limit:
            return min(1.0, chance * density)
    return 1.0


def employed_member_count(ctx: Context, enterprise: EnterpriseRecord) -> int:
    """How many members work at ``enterprise`` (0 for most small units)."""
    if enterprise.category == "individual" or enterprise.status == "deregistered":
        return 0
    chance = has_members_chance(enterprise.employee_count, ctx.scale.member_density)
    if ctx.rng.random() >= chance:
        return 0
    if enterprise.employee_count < 50:
        return ctx.rng.choice((1, 1, 1, 2, 2, 3, 3, 4, 5))
    rate = ctx.rng.uniform(0.015, 0.06) * ctx.scale.member_rate
    return max(1, math.ceil(enterprise.employee_count * rate))


def member_dates(ctx: Context, birth: datetime.date) -> dict:
    rng = ctx.rng
    adult = max(add_years(birth, ctx.thresholds.min_age), EARLIEST_JOINING)
    last_full_joining = ANCHOR_DATE - datetime.timedelta(days=400)
    if rng.random() < PROBATIONARY_SHARE or adult > last_full_joining:
        start = max(adult, ANCHOR_DATE - datetime.timedelta(days=364))
        joined = random_date(rng, start, ANCHOR_DATE - datetime.timedelta(days=1))
        return {"joined_on": joined, "full_member_on": None, "status": "probationary"}
    joined = random_date(rng, adult, last_full_joining)
    full = add_years(joined, 1)
    if rng.random() < EXTENDED_PROBATION_SHARE:
        full = min(full + datetime.timedelta(days=rng.randint(180, 365)), ANCHOR_DATE)
    return {"joined_on": joined, "full_member_on": full, "status": "full"}


def new_member(ctx: Context, *, employer_id, flow_type: str, organization_id=None) -> MemberRecord:
    rng = ctx.rng
    years = (1962, 2003) if employer_id else (1950, 2003)
    identity = ctx.people.identity(years, male_share=0.68, migrant=flow_type == "inflow")
    record = MemberRecord(
        id=ctx.ids.next("member"),
        **identity,
        **member_dates(ctx, identity["birth_date"]),
        ethnicity=ETHNICITY_PICK.pick(rng),
        education=EDUCATION_PICK.pick(rng),
        organization_id=organization_id,
        employer_id=employer_id,
        flow_type=flow_type,
    )
    if employer_id:
        record.post_level = POST_LEVEL_PICK.pick(rng)
    return record


def employed_members(ctx: Context, enterprise: EnterpriseRecord) -> list[MemberRecord]:
    count = employed_member_count(ctx, enterprise)
    flows = FLOW_PICK.picks(ctx.rng, count)
    return [new_member(ctx, employer_id=enterprise.id, flow_type=flow) for flow in flows]


def floating_members(ctx: Context, count: int) -> list[MemberRecord]:
    """流动党员: relation kept here, working elsewhere (no local employer)."""
    return [new_member(ctx, employer_id=None, flow_type="floating") for _ in range(count)]


def counts_as_full(member: MemberRecord) -> bool:
    """An employed full member (DOMAIN.md §3): departed members do not count."""
    return member.status == "full" and member.flow_type != "departed"


def secretary_candidates(members: list[MemberRecord]) -> list[MemberRecord]:
    """Full members in management posts first, then any full member, then anyone."""
    active = [m for m in members if counts_as_full(m)]
    senior = [m for m in active if m.post_level in ("executive", "management")]
    return senior or active or members

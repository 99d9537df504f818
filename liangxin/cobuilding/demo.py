"""Demo co-building of the demo town (slot demo_seeders), at the demo's size: a 红色联盟 of
enterprises with the town's villages (川姜-style, jobs placed and money invested), a 山海协作
pairing with a partner village outside the district (平湖-style, ≥ 10 万元 a year), a
textile chain alliance with rotating chairs and quarterly 联席会议 (泉州-style), and 共富工坊
with their figures (平湖-style) — so every list, page and the roll-up has something."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.cobuilding import defaults, services
from liangxin.cobuilding.models import (
    AllianceKind,
    MemberRole,
    OutcomeType,
    Pairing,
    Programme,
    WorkshopType,
)
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region


def seed(anchors, seed: int) -> int:
    town = Region.objects.filter(code=anchors.town).first()
    actor = get_user_model().objects.filter(username="town_admin").first()
    if town is None or actor is None or Pairing.objects.exists():
        return 0
    defaults.seed_models()
    rng = random.Random(seed)
    enterprises = list(Enterprise.objects.filter(region__path__startswith=town.path)[:12])
    villages = list(Region.objects.filter(path__startswith=town.path, depth=town.depth + 1)[:4])
    if len(enterprises) < 2 or not villages:
        return 0
    types = {t.name: t for t in OutcomeType.objects.all()}
    return (
        _pairings(town, actor, rng, enterprises, villages, types)
        + _alliance(town, actor, rng, enterprises)
        + _workshops(town, actor, rng, enterprises, villages, types)
    )


def _years() -> list[int]:
    this = timezone.localdate().year
    return [this - 1, this]


def _pairings(town, actor, rng, enterprises, villages, types) -> int:
    red = Programme.objects.get(name="红色联盟")
    count = 0
    for index, enterprise in enumerate(enterprises[:6]):
        pairing = services.pairing_save(
            actor=actor,
            programme=red,
            enterprise=enterprise,
            village_region=villages[index % len(villages)],
            signed_on=datetime.date(_years()[0], 3, 1 + index),
            principle="地域相邻、双向选择",
            agreement="企业为村提供就业岗位、参与村级项目；村为企业做好用工和环境保障",
        )
        for year in _years():
            for name, low, high in (("就业", 5, 40), ("投入资金", 20_000, 300_000)):
                services.outcome_record(
                    actor=actor,
                    holder=pairing,
                    year=year,
                    month=0,
                    outcome_type=types[name],
                    value=Decimal(rng.randint(low, high)),
                )
                count += 1
        count += 1
    mountain = services.pairing_save(
        actor=actor,
        programme=Programme.objects.get(name="山海协作"),
        enterprise=enterprises[0],
        region=town,
        village_name="东源村",
        village_town="青田县仁庄镇",
        signed_on=datetime.date(_years()[0], 1, 10),
        vehicle="山海协作强村公司",
    )
    for year in _years():
        services.outcome_record(
            actor=actor,
            holder=mountain,
            year=year,
            month=0,
            outcome_type=types["村集体增收"],
            value=Decimal("100000.00") + rng.randint(0, 30_000),
        )
    return count + 3


def _alliance(town, actor, rng, enterprises) -> int:
    organizations = list(
        PartyOrganization.objects.filter(region__path__startswith=town.path, kind="branch")[:6]
    )
    if len(organizations) < 3:
        return 0
    founded = datetime.date(_years()[0], 1, 15)
    alliance = services.alliance_save(
        actor=actor,
        kind=AllianceKind.objects.get(name="产业链"),
        name=f"{town.name}纺织产业链党建联盟",
        region=town,
        lead=organizations[0],
        founded_on=founded,
        charter="组织共建、产业共促、党员共管、服务共推、阵地共享",
    )
    members = [
        services.member_add(
            actor=actor,
            alliance=alliance,
            organization=organization,
            role=MemberRole.LEAD if i == 0 else MemberRole.ROTATING if i < 4 else MemberRole.MEMBER,
            joined_on=founded,
        )
        for i, organization in enumerate(organizations)
    ]
    today = timezone.localdate()
    thirds = [((1, 1), (4, 30)), ((5, 1), (8, 31)), ((9, 1), (12, 31))]
    for member, (first, last) in zip(members[1:4], thirds, strict=False):
        # 泉州-style: the rotating members chair in turn, four months each.
        begins, ends = datetime.date(today.year, *first), datetime.date(today.year, *last)
        services.chair_term_add(
            actor=actor, alliance=alliance, chair=member, starts_on=begins, ends_on=ends
        )
    for months_ago in (2, 5, 8):
        held = today - datetime.timedelta(days=30 * months_ago)
        services.meeting_record(
            actor=actor,
            alliance=alliance,
            held_on=max(held, founded),
            topic="产业链供需对接与用工互助",
            participants=len(members),
            decisions="建立订单共享和用工调剂机制",
            issues=["面料供应周期长", "旺季用工缺口"][: rng.randint(1, 2)],
        )
    return 1 + len(members) + 3 + 3


def _workshops(town, actor, rng, enterprises, villages, types) -> int:
    kinds = list(WorkshopType.objects.all())
    count = 0
    for index, enterprise in enumerate(enterprises[6:10] or enterprises[:2]):
        village, kind = villages[index % len(villages)], kinds[index % len(kinds)]
        workshop = services.workshop_save(
            actor=actor,
            name=f"{village.name}{kind.name}共富工坊",
            workshop_type=kind,
            enterprise=enterprise,
            region=town,
            village_region=village,
            opened_on=datetime.date(_years()[0], 5, 1),
            equity_share=Decimal("20.00"),
        )
        for year in _years():
            posts = rng.randint(10, 20)
            on_post = posts - rng.randint(0, 3)
            services.figure_record(
                actor=actor,
                workshop=workshop,
                year=year,
                month=0,
                posts=posts,
                on_post=on_post,
                low_income=rng.randint(0, on_post // 2),
                monthly_income_rise=Decimal(rng.randint(2500, 3600)),
                output=Decimal(rng.randint(300_000, 900_000)),
                collective_income=Decimal(rng.randint(30_000, 80_000)),
            )
            services.outcome_record(
                actor=actor,
                holder=workshop,
                year=year,
                month=0,
                outcome_type=types["岗位"],
                value=Decimal(posts),
            )
        count += 5
    return count

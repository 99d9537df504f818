"""Demo 责任落实 (slot demo_seeders): last year's 双承诺 and 双述职 of most of the demo town's
organizations — a few left without, so the list of who has not reported has names — and
the district's member units with their tasks, quarterly progress, one frozen 晾晒会 and
the year-end 述职 [L:川姜, 平湖]."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.duties import services
from liangxin.duties.models import Audience, Commitment, Grade, MemberUnit
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

UNITS = ["区委组织部", "区委统战部", "区市场监管局", "区工商联", "区人力社保局"]
TASKS = ["两新党组织覆盖攻坚", "党建指导员选派", "党建示范点培育"]
ITEMS = "按期召开组织生活会\n联系服务党员群众不少于10户\n带头参与企业发展攻坚"


def seed(anchors, seed: int) -> int:
    town = Region.objects.filter(code=anchors.town).first()
    county = Region.objects.filter(code=anchors.county).first()
    users = get_user_model().objects
    town_admin = users.filter(username="town_admin").first()
    district_admin = users.filter(username="district_admin").first()
    if None in (town, county, town_admin, district_admin) or Commitment.objects.exists():
        return 0
    rng = random.Random(seed)
    return _secretaries(town, town_admin, rng) + _units(county, district_admin, rng)


def _secretaries(town, actor, rng) -> int:
    year = timezone.localdate().year - 1
    orgs = list(
        PartyOrganization.objects.covering()
        .filter(region__path__startswith=town.path)
        .order_by("path")[:10]
    )
    # The last one or two promise and report nothing, the one before reports only to the
    # higher committee: the list of who has not reported has names.
    left_out = 2 if len(orgs) > 4 else 1 if len(orgs) > 1 else 0
    count = 0
    for index, org in enumerate(orgs[: len(orgs) - left_out]):
        services.commitment_save(
            actor=actor,
            organization=org,
            year=year,
            secretary_name=org.secretary_name or "书记",
            items=ITEMS,
            to_town_committee=True,
            to_members=True,
            published_on=datetime.date(year, 2, 20),
            self_check="承诺事项均已完成" if index % 3 else "",
            self_checked_on=datetime.date(year, 12, 15) if index % 3 else None,
        )
        count += 1
        audiences = [Audience.SUPERIOR] if index == len(orgs) - left_out - 1 else list(Audience)
        for audience in audiences:
            services.report_save(
                actor=actor,
                organization=org,
                year=year,
                audience=audience,
                held_on=datetime.date(year, 12, 20),
                reporter=org.secretary_name,
                measures="落实“三会一课”，开展主题党日",
                results="党员先锋岗带动生产提质",
                problems="青年职工发展党员偏少",
                plan="加强入党积极分子培养",
                party_reps="党代表 3 名",
                staff_reps="职工代表 5 名",
                daily_score=Decimal(rng.randint(65, 98)),
                superior_score=Decimal(rng.randint(65, 98)),
                member_score=Decimal(rng.randint(65, 98)),
                rectifications="" if index % 2 else "完善党员积分台账",
            )
            count += 1
    return count


def _units(county, actor, rng) -> int:
    if MemberUnit.objects.filter(region=county).exists():
        return 0
    today = timezone.localdate()
    last = today.year - 1
    count = 0
    units = [
        services.unit_save(actor=actor, name=name, region=county, order=i, active=True)
        for i, name in enumerate(UNITS, start=1)
    ]
    for unit in units:
        for title in rng.sample(TASKS, 2):
            task = services.task_save(
                actor=actor, unit=unit, year=last, title=title, target="年底前全部完成"
            )
            percent = 0
            for quarter in range(1, 5):
                percent = min(100, percent + rng.randint(15, 35))
                services.progress_record(
                    actor=actor,
                    task=task,
                    quarter=quarter,
                    percent=percent,
                    note="按计划推进",
                    reported_on=datetime.date(last, quarter * 3, 25),
                )
                count += 1
        services.review_save(
            actor=actor,
            unit=unit,
            year=last,
            grade=rng.choice([Grade.EXCELLENT, Grade.COMPETENT]),
            remarks="年度任务完成较好",
        )
        count += 2
    services.showcase_save(
        actor=actor,
        region=county,
        year=last,
        quarter=4,
        held_on=datetime.date(last, 12, 28),
        remarks="年度第四季度晾晒会",
    )
    return count + 1

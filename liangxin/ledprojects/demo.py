"""Demo 领办项目 of the demo county (slot demo_seeders), 平湖-style: a project led by a city
leader, one by a 成员单位 (when the duties seeder made some) and one by the demo town, each
with milestones (one done on time, one late, one overdue, one ahead), and one 擂台赛 round
with scores — so the list, a project's page, the to-do, the statistics and the ranking
have something."""

import datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.ledprojects import services
from liangxin.ledprojects.models import LedProject, MilestoneState
from liangxin.regions.models import Region


def seed(anchors, seed: int) -> int:
    county = Region.objects.filter(code=anchors.county).first()
    town = Region.objects.filter(code=anchors.town).first()
    actor = get_user_model().objects.filter(username="district_admin").first()
    if county is None or town is None or actor is None or LedProject.objects.exists():
        return 0
    today = timezone.localdate()
    year = today.year
    unit = (
        apps.get_model("duties", "MemberUnit")
        .objects.filter(region__path__startswith=county.path[: Region.steplen], active=True)
        .first()
    )
    plans = [
        dict(
            title="规上企业党组织“应建尽建”攻坚",
            leader_kind="city_leader",
            leader_name="市委常委、组织部部长",
            region=county,
            targets="规上企业党组织覆盖率达到 95%\n新建党组织 20 个",
        ),
        dict(
            title=f"“共富工坊”提质扩面（{town.name}）",
            leader_kind="town",
            lead_region=town,
            leader_name="镇党委书记",
            region=town,
            targets="新建共富工坊 5 家\n带动低收入农户就业 100 人",
        ),
    ]
    if unit is not None:
        plans.append(
            dict(
                title="两新组织党建指导员全覆盖",
                leader_kind="member_unit",
                lead_unit=unit,
                region=county,
                targets="每家规上企业配备党建指导员",
            )
        )
    count = 0
    projects = []
    for plan in plans:
        project = services.project_save(actor=actor, year=year, description="", **plan)
        projects.append(project)
        count += 1 + _milestones(actor, project, today)
    race = services.round_save(
        actor=actor,
        region=county,
        year=year,
        kind="arena",
        title=f"{year}年度领办项目擂台赛",
        held_on=min(today, datetime.date(year, 6, 28)),
        remarks="现场汇报、评委打分",
    )
    for project, score, award in zip(
        projects, ("92.50", "88.00", "88.00"), ("一等奖", "二等奖", "二等奖"), strict=False
    ):
        services.result_save(
            actor=actor, race_round=race, project=project, score=Decimal(score), award=award
        )
        count += 1
    return count + 1


def _milestones(actor, project, today) -> int:
    days = datetime.timedelta
    plans = [
        ("摸底排查，形成清单", today - days(60), MilestoneState.DONE, today - days(65)),
        ("制定推进方案", today - days(30), MilestoneState.DONE, today - days(20)),
        ("中期推进会汇报", today - days(5), MilestoneState.IN_PROGRESS, None),
        ("年度目标验收", today + days(60), MilestoneState.NOT_STARTED, None),
    ]
    for title, due_on, state, done_on in plans:
        services.milestone_add(
            actor=actor,
            project=project,
            title=title,
            owner="项目联络员",
            due_on=due_on,
            state=state,
            done_on=done_on,
            progress="按计划推进" if state != MilestoneState.NOT_STARTED else "",
            evidence="工作台账（区两新工委办公室存档）" if done_on else "",
        )
    return len(plans)

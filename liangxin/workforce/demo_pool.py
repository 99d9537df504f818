"""Demo talent pool and partner group of the demo town (slot demo_seeders, after the demo
party workers): entries of every channel, placements at this year's 红色见面会 (some hired,
some into management), and one 先锋工匠's group with the town's secretaries and the four
shared tasks. The group takes the secretaries the town has (12 in the small demo, inside
10–20); a town with fewer or more would show the size warning, not be refused."""

import datetime

from django.utils import timezone

from liangxin.core.pinyin import initials
from liangxin.enterprises.models import Enterprise
from liangxin.workforce.demo_workers import demo_town
from liangxin.workforce.models_people import (
    PartnerGroup,
    PartnerTask,
    PartnerTaskKind,
    PartyWorker,
    Placement,
    PoolEntry,
    PoolState,
    PoolTier,
    WorkerChannel,
    WorkerRole,
)

# (name, channel, tier, skills, placed: None | "sent" | "hired" | "managing")
ENTRIES = (
    ("顾晓东", WorkerChannel.INTERNAL, PoolTier.TOP_TEN, "党建品牌策划、组织生活", "managing"),
    ("许文静", WorkerChannel.EXTERNAL, PoolTier.HUNDRED, "人力资源、党务公文", "managing"),
    ("钱立新", WorkerChannel.ASSIGNED, PoolTier.HUNDRED, "组织建设、党员发展", "hired"),
    ("黄雨婷", WorkerChannel.EXTERNAL, PoolTier.THOUSAND, "宣传、新媒体", "hired"),
    ("曹海峰", WorkerChannel.INTERNAL, PoolTier.THOUSAND, "安全生产、工会工作", "sent"),
    ("蒋丽华", WorkerChannel.EXTERNAL, "", "财务、党费管理", "sent"),
    ("韩志强", WorkerChannel.ASSIGNED, PoolTier.THOUSAND, "退役军人、群团工作", None),
    ("冯雪", WorkerChannel.INTERNAL, "", "青年工作、志愿服务", None),
)

TASKS = (
    (PartnerTaskKind.RESEARCH, "非公企业党建与生产经营深度融合课题", 60, "完成调研 12 家企业"),
    (PartnerTaskKind.PROJECT, "“红色工匠”技能传帮带项目", 40, "已开班 2 期"),
    (PartnerTaskKind.BRAND, "“匠心向党”党建品牌", 25, "品牌标识征集中"),
    (PartnerTaskKind.BACKBONE, "培养党员技术骨干", 50, "确定培养对象 8 名"),
)


def _entries(town, today: datetime.date) -> list[PoolEntry]:
    entered = datetime.date(today.year - 1, 9, 1)
    return [
        PoolEntry(
            name=name,
            name_initials=initials(name),
            region=town,
            channel=channel,
            tier=tier,
            skills=skills,
            state=PoolState.RESERVE,
            entered_on=entered,
        )
        for name, channel, tier, skills, _placed in ENTRIES
    ]


def _placements(entries: list[PoolEntry], enterprises: list, today: datetime.date) -> int:
    event = f"{today.year}年红色见面会"
    held = datetime.date(today.year, 3, 15) if today.month > 3 else today
    made = 0
    for index, (entry, (*_, placed)) in enumerate(zip(entries, ENTRIES, strict=True)):
        if placed is None or not enterprises:
            continue
        hired = placed in ("hired", "managing")
        Placement.objects.create(
            entry=entry,
            enterprise=enterprises[index % len(enterprises)],
            event=event,
            recommended_on=held,
            hired=hired,
            in_management=placed == "managing",
        )
        entry.state = PoolState.APPOINTED if hired else PoolState.RECOMMENDED
        entry.save(update_fields=["state"])
        made += 1
    return made


def _group(town, today: datetime.date) -> int:
    leader = (
        PartyWorker.objects.filter(region__path__startswith=town.path, station__isnull=False)
        .order_by("id")
        .first()
    )
    if leader is None:
        return 0
    leader.pioneer_craftsman = True
    leader.save(update_fields=["pioneer_craftsman"])
    group = PartnerGroup.objects.create(
        name=f"{leader.name}先锋工匠党建合伙人小组", leader=leader, region=town, year=today.year
    )
    secretaries = PartyWorker.objects.filter(
        region__path__startswith=town.path, role=WorkerRole.SECRETARY
    ).exclude(pk=leader.pk)
    group.members.set(secretaries)
    PartnerTask.objects.bulk_create(
        PartnerTask(group=group, kind=kind, title=title, progress=progress, evidence=evidence)
        for kind, title, progress, evidence in TASKS
    )
    return 1 + len(TASKS)


def seed(anchors, seed: int) -> int:
    town = demo_town(anchors)
    if town is None or PoolEntry.objects.exists() or PartnerGroup.objects.exists():
        return 0
    today = timezone.localdate()
    entries = PoolEntry.objects.bulk_create(_entries(town, today))
    enterprises = list(
        Enterprise.objects.filter(region__path__startswith=town.path).order_by("id")[:5]
    )
    return len(entries) + _placements(entries, enterprises, today) + _group(town, today)

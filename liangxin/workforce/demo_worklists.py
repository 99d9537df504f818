"""Demo work lists (slot demo_seeders): each full-time worker of the demo town's stations gets
this year's 工作清单, issued in January, with progress reported; the first one is assessed
already (its score, the computed grade, the record), so every state shows in the demo."""

import datetime
import random

from django.utils import timezone

from liangxin.workforce import assessment
from liangxin.workforce.demo_workers import demo_town
from liangxin.workforce.models_people import (
    Assessment,
    PartyWorker,
    WorkerState,
    WorkList,
    WorkListItem,
    WorkListState,
)

ITEMS = (
    ("指导片区党组织规范开展“三会一课”", "每季度督导一次，覆盖全部党组织", 30),
    ("党员发展和积极分子培养", "培养入党积极分子不少于2名", 20),
    ("党群工作站阵地运行", "每月开放活动不少于4次", 20),
    ("两新组织党建覆盖", "新建或规范党组织1个", 20),
    ("党务工作台账", "按月更新，年底归档", 10),
)


def _items(work_list: WorkList, year: int, rng: random.Random) -> list[WorkListItem]:
    return [
        WorkListItem(
            work_list=work_list,
            title=title,
            target=target,
            weight=weight,
            due_on=datetime.date(year, 12, 31),
            progress=rng.choice((50, 60, 80, 90, 100)),
            evidence="已按计划推进，材料见台账" if index % 2 == 0 else "",
            position=index,
        )
        for index, (title, target, weight) in enumerate(ITEMS, start=1)
    ]


def _assess(work_list: WorkList, items: list[WorkListItem], today: datetime.date) -> None:
    score = assessment.list_score((i.weight, i.progress) for i in items)
    grade = assessment.grade_for(score, assessment.thresholds())
    Assessment.objects.create(
        worker=work_list.worker,
        year=work_list.year,
        list_score=score,
        grade=grade,
        assessor="镇党委组织委员",
        assessed_on=today,
        comment="按工作清单完成情况评定",
    )
    work_list.state = WorkListState.ASSESSED
    work_list.save(update_fields=["state"])


def seed(anchors, seed: int) -> int:
    town = demo_town(anchors)
    if town is None or WorkList.objects.exists():
        return 0
    today, rng = timezone.localdate(), random.Random(seed)
    workers = PartyWorker.objects.filter(
        region__path__startswith=town.path,
        full_time=True,
        station__isnull=False,
        state=WorkerState.ACTIVE,
    ).order_by("id")
    made = 0
    for index, worker in enumerate(workers):
        work_list = WorkList.objects.create(
            worker=worker,
            year=today.year,
            issued_by=town.name,
            issued_on=datetime.date(today.year, 1, 15),
            state=WorkListState.ISSUED,
        )
        items = WorkListItem.objects.bulk_create(_items(work_list, today.year, rng))
        if index == 0:
            _assess(work_list, items, today)
        made += 1
    return made

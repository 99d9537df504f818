"""Demo trainings of the demo town (slot demo_seeders, after demo_workers): this year's
annual rotation and a topic course attended by most of the town's party workers — every
fourth one left out, so the coverage page names who is missing — and one 初任培训
attended by the newest secretary only (the other new secretary stays overdue)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from liangxin.workforce.demo_workers import demo_town
from liangxin.workforce.models_people import (
    PartyWorker,
    Training,
    TrainingAttendance,
    TrainingKind,
    TrainingLevel,
    WorkerRole,
    WorkerState,
)


def _day(today: datetime.date, month: int, day: int) -> datetime.date:
    """A day of this year not after today."""
    return min(datetime.date(today.year, month, day), today)


def _sessions(town, today: datetime.date) -> list[Training]:
    common = {"region": town, "organizer": f"{town.name}党委组织办"}
    return [
        Training(
            title="两新组织党务工作者年度轮训",
            level=TrainingLevel.TOWN,
            kind=TrainingKind.ROTATION,
            starts_on=_day(today, 3, 12),
            ends_on=_day(today, 3, 13),
            hours=Decimal("16"),
            place=f"{town.name}党群服务中心",
            has_test=True,
            **common,
        ),
        Training(
            title="党建工作实务专题培训",
            level=TrainingLevel.TOWN,
            kind=TrainingKind.REGULAR,
            starts_on=_day(today, 6, 20),
            ends_on=_day(today, 6, 20),
            hours=Decimal("8"),
            place=f"{town.name}党群服务中心",
            **common,
        ),
    ]


def seed(anchors, seed: int) -> int:
    town = demo_town(anchors)
    if town is None or Training.objects.exists():
        return 0
    workers = list(
        PartyWorker.objects.filter(
            region__path__startswith=town.path, state=WorkerState.ACTIVE
        ).order_by("id")
    )
    if not workers:
        return 0
    today = timezone.localdate()
    rotation, topic = Training.objects.bulk_create(_sessions(town, today))
    attending = [worker for index, worker in enumerate(workers) if index % 4 != 3]
    rows = [
        TrainingAttendance(training=rotation, worker=worker, hours=rotation.hours, passed=True)
        for worker in attending
    ]
    rows += [
        TrainingAttendance(training=topic, worker=worker, hours=Decimal("4"))
        for worker in attending[::2]
    ]
    newest = (
        PartyWorker.objects.filter(pk__in=[w.pk for w in workers], role=WorkerRole.SECRETARY)
        .order_by("-started_on", "-id")
        .first()
    )
    written = 2
    if newest is not None:
        # This year, on or after the day the secretary took office (so it counts).
        day = min(max(newest.started_on, datetime.date(today.year, 1, 1)), today)
        initial = Training.objects.create(
            title="新任党组织书记初任培训",
            level=TrainingLevel.COUNTY,
            kind=TrainingKind.INITIAL,
            organizer="区委组织部",
            region=town,
            starts_on=day,
            ends_on=day,
            hours=Decimal("8"),
            place="区委党校",
        )
        rows.append(TrainingAttendance(training=initial, worker=newest, hours=initial.hours))
        written += 1
    TrainingAttendance.objects.bulk_create(rows)
    return written + len(rows)

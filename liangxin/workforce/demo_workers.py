"""Demo party workers of the demo town (slot demo_seeders): one full-time worker per station
(一站一岗), every organization's secretary, and the instructors; two secretaries are new, one
still inside the six months for 初任培训 and one past them."""

import datetime
import random

from django.utils import timezone

from liangxin.core.pinyin import initials
from liangxin.organizations.models import PartyOrganization, PartyStation
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor
from liangxin.workforce.models_people import PartyWorker, SecretaryGrade, WorkerChannel, WorkerRole
from liangxin.workforce.periods import add_months

# Station workers are hired people with no member record in the demo: fixed names keep the
# demo the same from run to run.
STATION_WORKER_NAMES = ("陈静", "王磊", "周敏", "吴婷", "郑浩", "孙悦", "朱琳", "沈洁")


def demo_town(anchors) -> Region | None:
    return Region.objects.filter(code=anchors.town).first()


def _worker(**values) -> PartyWorker:
    return PartyWorker(name_initials=initials(values["name"]), **values)


def station_workers(town: Region, today: datetime.date) -> list[PartyWorker]:
    stations = PartyStation.objects.filter(region__path__startswith=town.path).order_by("id")
    channels = list(WorkerChannel.values)
    return [
        _worker(
            name=STATION_WORKER_NAMES[index % len(STATION_WORKER_NAMES)],
            role=WorkerRole.FULL_TIME,
            full_time=True,
            channel=channels[index % len(channels)],
            region=station.region,
            station=station,
            started_on=datetime.date(today.year - 2, 3, 1),
        )
        for index, station in enumerate(stations)
    ]


def secretaries(town: Region, today: datetime.date, rng: random.Random) -> list[PartyWorker]:
    organizations = list(
        PartyOrganization.objects.filter(
            region__path__startswith=town.path, secretary__isnull=False
        )
        .select_related("secretary")
        .order_by("path")
    )
    workers = []
    for index, organization in enumerate(organizations):
        started = datetime.date(today.year - rng.randint(2, 6), rng.randint(1, 12), 1)
        if index == len(organizations) - 1:
            started = add_months(today, -5)  # new, still inside the six months
        elif index == len(organizations) - 2:
            started = add_months(today, -7)  # new, past the six months without 初任培训
        workers.append(
            _worker(
                name=organization.secretary.name,
                member=organization.secretary,
                role=WorkerRole.SECRETARY,
                channel=WorkerChannel.INTERNAL,
                region=organization.region,
                organization=organization,
                secretary_grade=rng.choice(SecretaryGrade.values),
                started_on=started,
            )
        )
    return workers


def instructors(town: Region, today: datetime.date) -> list[PartyWorker]:
    found = Instructor.objects.filter(region__path__startswith=town.path).order_by("id")
    return [
        _worker(
            name=instructor.name,
            instructor=instructor,
            role=WorkerRole.INSTRUCTOR,
            channel=WorkerChannel.ASSIGNED,
            region=instructor.region,
            started_on=datetime.date(today.year - 1, 1, 1),
        )
        for instructor in found
    ]


def seed(anchors, seed: int) -> int:
    town = demo_town(anchors)
    if town is None or PartyWorker.objects.exists():
        return 0
    today = timezone.localdate()
    rng = random.Random(seed)
    workers = [
        *station_workers(town, today),
        *secretaries(town, today, rng),
        *instructors(town, today),
    ]
    PartyWorker.objects.bulk_create(workers)
    return len(workers)

"""Shared by the workers' tests (each module wraps these in its own fixtures; no tests
here): a station in town A with its full-time worker (the world's instructor, 社会化选聘,
full-time), a secretary of org_a, and item rows of a work list."""

import datetime

from django.utils import timezone

from liangxin.organizations.models import PartyStation
from liangxin.workforce.models_people import PartyWorker, WorkerRole
from liangxin.workforce.services_workers import worker_create

THIS_YEAR = timezone.localdate().year

ITEMS = [
    {"title": "组织生活指导", "target": "每季度一次", "weight": 40, "due_on": None},
    {"title": "党员发展", "target": "培养积极分子2名", "weight": 35, "due_on": None},
    {"title": "阵地建设", "target": "", "weight": 25, "due_on": None},
]


def add_stations(world):
    world.station = PartyStation.objects.create(
        name="川姜一片区党群工作站", level="area", region=world.area_a
    )
    world.station_b = PartyStation.objects.create(
        name="开发区党群工作站", level="area", region=world.town_b
    )
    return world


def add_workers(world):
    add_stations(world)
    world.worker = worker_create(
        actor=world.user("town_a_admin"),
        data={
            "name": "王指导",
            "role": WorkerRole.INSTRUCTOR,
            "full_time": True,
            "region": world.area_a,
            "station": world.station,
            "instructor": world.instructor,
            "started_on": datetime.date(2024, 3, 1),
        },
    )
    world.secretary_worker = worker_create(
        actor=world.user("town_a_admin"),
        data={
            "name": "林晓红",
            "role": WorkerRole.SECRETARY,
            "region": world.grid_a,
            "organization": world.org_a,
            "started_on": datetime.date(2022, 1, 1),
        },
    )
    return world


def worker_in_b(world) -> PartyWorker:
    return worker_create(
        actor=world.user("town_b_admin"),
        data={
            "name": "赵专职",
            "role": WorkerRole.FULL_TIME,
            "full_time": True,
            "region": world.town_b,
            "station": world.station_b,
            "started_on": datetime.date(2024, 1, 1),
        },
    )

"""Demo specialists of the demo town (slot demo_seeders): a 点对点 team of an official and two
professionals, the grid officer's own specialist record, assignments to the town's key
enterprises since the month before last, and a contact for every period owed since — except
the grid officer's last week of 坐诊, so the to-do list and the missed list show one."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region
from liangxin.specialists import defaults, keys, periods, selectors
from liangxin.specialists.models import (
    Assignment,
    Cadence,
    Contact,
    Specialist,
    SpecialistKind,
    SpecialistTeam,
)

PEOPLE = (
    ("周建华", SpecialistKind.TOWNSHIP, "镇经济发展办公室"),
    ("吴律师", SpecialistKind.LAWYER, "县律师事务所"),
    ("郑会计", SpecialistKind.ACCOUNTANT, "县会计师事务所"),
)
FINDINGS = ("企业生产经营正常，无新增诉求", "了解用工需求，已宣讲稳岗政策", "复查上月诉求办理进度")


def seed(anchors, seed: int) -> int:
    town = Region.objects.filter(code=anchors.town).first()
    if town is None or Specialist.objects.exists():
        return 0
    # The defaults of the data migration, when a flushed database has lost them.
    defaults.seed(Cadence)
    grid = Region.objects.filter(code=anchors.grid).first() or town
    enterprises = _key_enterprises(grid, 1) + _key_enterprises(town, 3)
    if not enterprises:
        return 0
    today = timezone.localdate()
    start = periods.period_of(today, "monthly").start
    start = periods.period_of(start - periods.DAY, "monthly").start  # the month before last
    team = SpecialistTeam.objects.create(name=f"{town.name}点对点服务组团", region=town)
    people = [
        Specialist.objects.create(
            name=name, kind=kind, employer=employer, region=town, team=team, start=start
        )
        for name, kind, employer in PEOPLE
    ]
    grid_user = get_user_model().objects.filter(username="grid_officer").first()
    own = Specialist.objects.create(
        name="网格专员", kind=SpecialistKind.YOUNG, employer=f"{town.name}网格办",
        region=town, start=start, user=grid_user,
    )  # fmt: skip
    assignments = [
        Assignment.objects.create(specialist=s, enterprise=e, start=start)
        for s, e in zip([own, *people], _distinct(enterprises), strict=False)
    ]
    contacts = _contacts(assignments, own, start, today)
    return len(people) + 1 + len(assignments) + contacts


def _key_enterprises(region: Region, count: int) -> list[Enterprise]:
    """The first key enterprises of ``region`` (any, where none is key). The grid officer's
    own comes from its grid: it sees its assignments through its grid."""
    rows = Enterprise.objects.filter(region__path__startswith=region.path).order_by("-pk")
    return list(rows.filter(keys.key_q())[:count]) or list(rows[:count])


def _distinct(enterprises: list[Enterprise]) -> list[Enterprise]:
    return list({e.pk: e for e in enterprises}.values())


def _contacts(assignments, own, start, today) -> int:
    """A contact in every owed period, but the grid officer's last week of 坐诊."""
    rows = Assignment.objects.filter(pk__in=[a.pk for a in assignments])
    skipped = periods.last_ended(today, "weekly")
    made = []
    for index, item in enumerate(
        selectors.owed_periods(rows, selectors.tracked_cadences(), start, today)
    ):
        if item.done:
            continue
        if (
            item.assignment.specialist_id == own.pk
            and item.period == skipped
            and item.cadence.frequency == "weekly"
        ):
            continue
        made.append(
            Contact(
                assignment=item.assignment,
                cadence=item.cadence,
                date=min(item.period.start + datetime.timedelta(days=1), item.period.end),
                mode="window" if item.cadence.frequency == "weekly" else "visit",
                findings=FINDINGS[index % len(FINDINGS)],
            )
        )
    Contact.objects.bulk_create(made)
    return len(made) + _questions(assignments, today)


def _questions(assignments, today) -> int:
    """A few 问诊 (logged when something was raised)."""
    daily = Cadence.objects.filter(frequency="daily", active=True).first()
    if daily is None:
        return 0
    made = [
        Contact(assignment=a, cadence=daily, date=today - datetime.timedelta(days=3 + i),
                mode="phone", findings="企业反映用电增容需求")
        for i, a in enumerate(assignments[:2])
    ]  # fmt: skip
    Contact.objects.bulk_create(made)
    return len(made)

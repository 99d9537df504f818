import datetime
import importlib

import pytest
from django.apps import apps

from tests import factories as f


@pytest.fixture(autouse=True)
def specialist_defaults(db):
    """The cadences of migration specialists 0002 (and the request categories a contact's
    request uses); a live-server test empties the database: seed them again when gone."""
    from liangxin.requests.models import DeadlineRule
    from liangxin.specialists.models import Cadence

    if not Cadence.objects.exists():
        importlib.import_module("liangxin.specialists.migrations.0002_cadences").seed(apps, None)
    if not DeadlineRule.objects.exists():
        importlib.import_module("liangxin.requests.migrations.0002_defaults").seed(apps, None)


def cadence(key: str):
    from liangxin.specialists.models import Cadence

    return Cadence.objects.get(key=key)


@pytest.fixture
def grid_user(world):
    world.users["grid_a"] = f.account("grid_a", "grid_officer", regions=[world.grid_a])
    return world.users["grid_a"]


@pytest.fixture
def specialist(world, grid_user):
    """A 年轻干部 of 川姜镇 whose account is the grid officer's, serving 川姜纺织."""
    from liangxin.specialists.models import Specialist

    return Specialist.objects.create(
        name="周建华",
        kind="young",
        employer="川姜镇经发办",
        region=world.town_a,
        start=datetime.date(2020, 1, 1),
        user=grid_user,
    )


def assign(specialist, enterprise, start, end=None):
    from liangxin.specialists.models import Assignment

    return Assignment.objects.create(
        specialist=specialist, enterprise=enterprise, start=start, end=end
    )


def contact(assignment, key: str, day, findings="生产经营正常"):
    from liangxin.specialists.models import Contact

    return Contact.objects.create(
        assignment=assignment, cadence=cadence(key), date=day, mode="visit", findings=findings
    )

import datetime
import importlib
import zoneinfo

import pytest
from django.apps import apps
from django.utils import timezone

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def request_defaults(db):
    """The categories and deadline rules of migration requests 0002; a live-server test
    empties the database after itself: seed them again when they are gone."""
    from liangxin.requests.models import DeadlineRule

    if not DeadlineRule.objects.exists():
        importlib.import_module("liangxin.requests.migrations.0002_defaults").seed(apps, None)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Clock:
    """timezone.now() fixed at a Shanghai wall-clock time the test moves on."""

    def __init__(self, monkeypatch):
        self.moment = None
        monkeypatch.setattr(timezone, "now", lambda: self.moment)

    def set(self, year, month, day, hour=9, minute=0):
        self.moment = datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def units(world):
    from liangxin.requests.models import HandlingUnit

    return {
        "econ": HandlingUnit.objects.create(name="川姜镇经发办", region=world.town_a),
        "hr": HandlingUnit.objects.create(name="区人社局", region=world.district),
        "market": HandlingUnit.objects.create(name="区市场监管局", region=world.district),
    }


def category(name):
    from liangxin.requests.models import RequestCategory

    return RequestCategory.objects.get(name=name)


def new_request(world, actor=None, *, enterprise=None, urgency="general", names=("用工",), **extra):
    from liangxin.requests import services

    data = {
        "enterprise": enterprise or world.ent_a,
        "channel": "platform",
        "categories": [category(name) for name in names],
        "urgency": urgency,
        "content": "招工难，请协助对接职业院校",
        "submitter_name": "李经理",
        "submitter_phone": "13800000000",
        **extra,
    }
    return services.request_create(actor=actor or world.user("town_a_admin"), data=data)

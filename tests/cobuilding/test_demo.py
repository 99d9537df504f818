"""The demo town's co-building (slot demo_seeders): a 红色联盟 with villages and jobs, a 山海协作
pairing (≥ 10 万元 a year), a chain alliance with rotating chairs covering today and
quarterly meetings, 共富工坊 with figures — written through the services; the roll-up of
the demo town has them; a second run writes nothing more."""

from decimal import Decimal

from django.utils import timezone

from liangxin.cobuilding import demo, selectors
from liangxin.cobuilding.models import (
    Alliance,
    JointMeeting,
    Outcome,
    Pairing,
    Workshop,
    WorkshopFigure,
)
from liangxin.demo.accounts import DemoAnchors
from tests import factories as f


def test_the_world_town_gets_pairings_and_workshops(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) > 0
    assert Pairing.objects.filter(programme__name="红色联盟").count() == 2
    mountain = Pairing.objects.get(programme__name="山海协作")
    assert all(o.value >= Decimal("100000") for o in mountain.outcomes.all())
    assert Workshop.objects.exists() and WorkshopFigure.objects.exists()
    assert demo.seed(anchors, 7) == 0


def test_seed_demo_writes_the_demo_towns_cobuilding(db, monkeypatch):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command(
        "seed_demo", "--scale", "small", "--seed", "7", stdout=StringIO(), stderr=StringIO()
    )
    alliance = Alliance.objects.get()
    assert alliance.members.count() >= 3
    assert selectors.current_chair(alliance) is not None  # the turns cover the whole year
    assert JointMeeting.objects.filter(alliance=alliance).count() == 3
    assert alliance not in selectors.alliances_meeting_due()
    assert Pairing.objects.count() >= 3 and Workshop.objects.exists()
    town_admin = get_user_model().objects.get(username="town_admin")
    year = timezone.localdate().year
    found = selectors.rollup(user=town_admin, region=None, year=year)
    jobs = next(t.pk for t in found.types if t.name == "就业")
    assert found.total["outcomes"][jobs][0] >= 1 and found.total["workshops"] >= 1
    assert Outcome.objects.filter(year=year - 1).exists()

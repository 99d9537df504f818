"""The demo town's requests (slot demo_seeders): every state of the loop has some, written
through the services, and a second run writes nothing more."""

from liangxin.demo.accounts import DemoAnchors
from liangxin.requests import demo
from liangxin.requests.models import HandlingUnit, Request, RequestEvent
from tests import factories as f


def test_the_demo_town_gets_requests_in_every_state(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    written = demo.seed(anchors, 7, count=12)
    assert Request.objects.count() == 12 and written == 12 + HandlingUnit.objects.count()
    assert set(Request.objects.values_list("state", flat=True)) == {
        "received",
        "returned",
        "accepted",
        "assigned",
        "handling",
        "resolved",
        "follow_up",
        "closed",
    }
    assert Request.objects.filter(reopen_count=1, state="handling").count() == 1
    assert RequestEvent.objects.filter(action="receive").count() == 12
    assert demo.seed(anchors, 7, count=12) == 0


def test_seed_demo_writes_the_demo_towns_requests(db, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command(
        "seed_demo", "--scale", "small", "--seed", "7", stdout=StringIO(), stderr=StringIO()
    )
    assert Request.objects.count() == 36
    assert Request.objects.filter(state="closed").exists()

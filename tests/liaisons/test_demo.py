"""The demo town's liaisons (slot demo_seeders): liaisons with notices and receipts (some
confirmed, some open), 三联 links, 三会 meetings and pairings with problems, written through
the services; a second run writes nothing more."""

from liangxin.demo.accounts import DemoAnchors
from liangxin.liaisons import demo
from liangxin.liaisons.models import (
    LiaisonLink,
    LiaisonMeeting,
    MemberStaffLink,
    NoticeReceipt,
    PolicyLiaison,
    StaffProblem,
)
from tests import factories as f


def test_the_demo_town_gets_liaisons_meetings_and_pairings(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) > 0
    assert PolicyLiaison.objects.count() == 3
    receipts = NoticeReceipt.objects.all()
    assert receipts.filter(confirmed_at__isnull=False).exists()
    assert all(r.working_minutes is not None for r in receipts.exclude(confirmed_at=None))
    assert LiaisonLink.objects.exists() and LiaisonMeeting.objects.count() == 2
    assert MemberStaffLink.objects.exists() and StaffProblem.objects.exists()
    assert demo.seed(anchors, 7) == 0


def test_seed_demo_writes_the_demo_towns_liaisons(db, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command(
        "seed_demo", "--scale", "small", "--seed", "7", stdout=StringIO(), stderr=StringIO()
    )
    assert PolicyLiaison.objects.count() == 3
    assert NoticeReceipt.objects.filter(confirmed_at__isnull=False).exists()
    assert LiaisonMeeting.objects.exists() and MemberStaffLink.objects.exists()

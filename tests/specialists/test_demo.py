"""The demo town's specialists (slot demo_seeders): a team, the grid officer's own record,
assignments and contacts, with exactly one missed cadence in the last ended periods — the
grid officer's weekly 坐诊 — on the to-do list; the cadences are written back when a
flushed database lost them, and a second run writes nothing more."""

from django.utils import timezone

from liangxin.demo.accounts import DemoAnchors
from liangxin.specialists import demo, selectors
from liangxin.specialists.models import Assignment, Cadence, Contact, Specialist
from tests import factories as f


def test_the_demo_town_gets_specialists_and_one_missed_weekly_cadence(world):
    grid_officer = f.account("grid_officer", "grid_officer", regions=[world.grid_a])
    Cadence.objects.all().delete()
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    written = demo.seed(anchors, 7)
    assert Cadence.objects.count() == 5
    assert Specialist.objects.count() == 4 and Assignment.objects.count() == 2  # 2 enterprises
    assert written == 4 + 2 + Contact.objects.count()
    rows = list(selectors.missed_last_period(grid_officer))
    assert len(rows) == 1 and rows[0].specialist.user == grid_officer
    assert "每周一坐诊" in selectors.missed_note(rows[0], timezone.localdate())
    everyone = selectors.missed_last_period(world.user("town_a_admin"))
    assert list(everyone) == rows
    assert demo.seed(anchors, 7) == 0

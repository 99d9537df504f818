"""The demo town's three lists (slot demo_seeders): written through the services, needs in
every state but 已关闭, and a second run writes nothing more."""

from liangxin.demo.accounts import DemoAnchors
from liangxin.servicelists import demo
from liangxin.servicelists.models import Activity, Event, EventType, Need, ServiceRecord
from tests import factories as f


def test_the_demo_town_gets_its_lists(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    EventType.objects.all().delete()  # as after a flush: the seeder writes them back
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) > 0
    assert set(Need.objects.values_list("state", flat=True)) == {"open", "matched", "served"}
    assert ServiceRecord.objects.exists() and Activity.objects.count() == 8
    assert Event.objects.count() == EventType.objects.count() == 4
    assert demo.seed(anchors, 7) == 0

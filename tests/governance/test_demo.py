"""The demo town's committees (slot demo_seeders): the enterprise organizations get a 书记,
a 副书记 and 委员 with company posts, written through the services, so the committee pages
and the figures have rows; a second run writes nothing more."""

from liangxin.demo.accounts import DemoAnchors
from liangxin.governance import demo, selectors
from liangxin.governance.models import CommitteeMember
from tests import factories as f


def test_the_world_town_gets_committees(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    f.MemberFactory(name="副书记人选", organization=world.org_a, employer=world.ent_a)
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) == 2
    posts = set(CommitteeMember.objects.values_list("party_post", flat=True))
    assert posts == {"secretary", "deputy"}
    secretary = CommitteeMember.objects.get(party_post="secretary")
    assert secretary.on_board and secretary.organization == world.org_a
    found = selectors.figures_by_region(world.user("town_a_admin"), None)
    assert found["total"]["committee"] == 2 and found["total"]["secretaries"] == 1
    assert demo.seed(anchors, 7) == 0

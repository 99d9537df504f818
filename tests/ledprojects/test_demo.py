"""The demo county's 领办项目 (slot demo_seeders): a city leader's, a member unit's and the
demo town's projects with milestones (one overdue each, so the to-do has them), and one
擂台赛 with ranked scores; a second run writes nothing more."""

from liangxin.demo.accounts import DemoAnchors
from liangxin.duties.models import MemberUnit
from liangxin.ledprojects import demo, selectors
from liangxin.ledprojects.models import LedProject, Milestone, RaceRound
from tests import factories as f


def test_the_world_county_gets_projects_milestones_and_an_arena(world):
    admin = f.account("district_admin", "district_admin", regions=[world.district])
    MemberUnit.objects.create(name="区人力社保局", region=world.district)
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) > 0
    kinds = set(LedProject.objects.values_list("leader_kind", flat=True))
    assert kinds == {"city_leader", "member_unit", "town"}
    assert Milestone.objects.count() == 12
    assert selectors.overdue_milestones().count() == 3
    race = RaceRound.objects.get(kind="arena")
    assert [x.rank for x in selectors.ranked_results(race, user=admin)] == [1, 2, 2]
    assert demo.seed(anchors, 7) == 0

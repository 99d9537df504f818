"""The demo town's campaigns (slot demo_seeders): a running 双覆盖百日攻坚 with targets, work
items and a day of progress, and a 摸底排查 round in which the demo grid has confirmed part of
its rows (one corrected); a second run writes nothing more."""

from liangxin.campaigns import demo
from liangxin.campaigns.models import (
    Campaign,
    CampaignProgress,
    RoundRow,
    RowState,
    Target,
    WorkItem,
)
from liangxin.demo.accounts import DemoAnchors
from tests import factories as f


def test_the_demo_town_gets_a_running_drive_and_a_partly_confirmed_round(world):
    f.account("town_admin", "town_admin", regions=[world.town_a])
    f.account("grid_officer", "grid_officer", regions=[world.grid_a])
    f.EnterpriseFactory(name="川姜三网格企业", region=world.area_a)  # under no grid
    anchors = DemoAnchors(
        county=world.district.code,
        town=world.town_a.code,
        grid=world.grid_a.code,
        secretary_organization=world.org_a.code,
        instructor_id=None,
    )
    assert demo.seed(anchors, 7) > 0
    drive = Campaign.objects.get(kind__code="double_coverage")
    assert drive.get_state_display() == "进行中"
    assert Target.objects.filter(campaign=drive).count() == 3
    assert CampaignProgress.objects.filter(target__campaign=drive).count() == 3
    assert WorkItem.objects.filter(campaign=drive).exists()
    rows = RoundRow.objects.filter(round__campaign__kind__code="ledger_review")
    states = set(rows.values_list("state", flat=True))
    assert {RowState.CORRECTED, RowState.PENDING} <= states
    assert demo.seed(anchors, 7) == 0

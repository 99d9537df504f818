"""双覆盖百日攻坚 [L:平湖: "连续六年实施‘双覆盖’百日攻坚行动…实现50人以上有党员企业党组织全覆盖"]:
targets on the coverage engine's indicators, work items from its work lists, and progress
that moves when an organization is set up for an enterprise on the 应建未建 list."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.campaigns import schedule, selectors, services
from liangxin.campaigns.models import Campaign, CampaignKind, CampaignProgress, Target, WorkItem
from liangxin.core.services import OutOfScope
from liangxin.organizations.services import organization_create
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def unorganized(world):
    """A 60-staff enterprise of town A with three employed full members and no organization:
    on the 应建未建 work list (党章 art. 30: three full members make a branch)."""
    unit = f.EnterpriseFactory(name="川姜新材料有限公司", region=world.grid_a, employee_count=60)
    for _ in range(3):
        f.MemberFactory(organization=world.org_a, employer=unit)
    return unit


@pytest.fixture
def drive(world, unorganized):
    actor = world.user("town_a_admin")
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=actor,
        kind=CampaignKind.objects.get(code="double_coverage"),
        title="川姜镇双覆盖百日攻坚",
        region=world.town_a,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=90),
    )
    for indicator in ("org_coverage", "member_enterprise_coverage_50"):
        services.target_set(
            actor=actor,
            campaign=campaign,
            region=world.town_a,
            indicator=indicator,
            goal=Decimal("100"),
        )
    return campaign


def build_organization(world, unit):
    return organization_create(
        actor=world.user("town_a_admin"),
        parent=None,
        data={
            "code": "ORG-NEW",
            "name": "川姜新材料有限公司党支部",
            "kind": "branch",
            "formation": "single",
            "region": world.grid_a,
            "covered_enterprises": [unit],
        },
    )


def figures_by_indicator(world, campaign, persona="town_a_admin"):
    found = selectors.target_figures(user=world.user(persona), campaign=campaign)
    return {fig.target.indicator: fig for fig in found}


def test_progress_rises_when_the_organization_is_built(world, unorganized, drive):
    actor = world.user("town_a_admin")
    assert services.workitems_generate(actor=actor, campaign=drive) >= 1
    item = WorkItem.objects.get(campaign=drive, enterprise=unorganized, list_key="should_build")

    before = figures_by_indicator(world, drive)
    # Town A: 川姜纺织 (covered), 川姜电子 (no members), the new unit: 1 of 3 covered;
    # of the 50+ staff units with members (纺织, 新材料) one is covered.
    assert (before["org_coverage"].live_numerator, before["org_coverage"].live_denominator) == (
        1,
        3,
    )
    assert before["org_coverage"].live == 33.3
    assert before["member_enterprise_coverage_50"].live == 50.0
    assert before["member_enterprise_coverage_50"].gap == Decimal("50.0")
    assert before["org_coverage"].open_items >= 1
    services.progress_refresh(actor=actor, campaign=drive)

    build_organization(world, unorganized)

    after = figures_by_indicator(world, drive)
    assert (after["org_coverage"].live_numerator, after["org_coverage"].live_denominator) == (2, 3)
    assert after["org_coverage"].live == 66.7
    assert after["member_enterprise_coverage_50"].live == 100.0
    assert after["member_enterprise_coverage_50"].reached
    assert after["org_coverage"].done_items == before["org_coverage"].done_items + 1
    items = selectors.work_items(user=actor, campaign=drive)
    assert items.get(pk=item.pk).is_open is False

    services.progress_refresh(actor=actor, campaign=drive)
    item.refresh_from_db()
    assert item.done_on == timezone.localdate()
    row = CampaignProgress.objects.get(target__indicator="org_coverage", on=timezone.localdate())
    assert (row.numerator, row.denominator, row.value) == (2, 3, Decimal("66.7"))
    assert row.done_items == 1


def test_the_page_shows_baseline_live_goal_gap_and_items(world, unorganized, drive, login):
    services.workitems_generate(actor=world.user("town_a_admin"), campaign=drive)
    client = login("town_a_admin")
    client.post(reverse("campaigns:action", args=[drive.pk, "refresh"]))
    build_organization(world, unorganized)
    page = client.get(reverse("campaigns:campaign", args=[drive.pk])).content.decode()
    assert "组织覆盖率" in page and "33.3%" in page and "66.7%" in page
    assert "已达标" in page  # 50+ staff with members: 100% now
    assert '<td class="text-end goal">100%</td>' in page
    assert '<td class="text-end gap">33.3%</td>' in page  # 组织覆盖率 66.7% of 100%
    assert 'id="progress-table"' in page and 'id="progress-chart"' in page
    items = client.get(reverse("campaigns:items", args=[drive.pk]) + "?state=done")
    assert "川姜新材料有限公司" in items.content.decode()


def test_regeneration_is_idempotent(world, drive):
    actor = world.user("town_a_admin")
    first = services.workitems_generate(actor=actor, campaign=drive)
    assert services.workitems_generate(actor=actor, campaign=drive) == 0
    assert WorkItem.objects.filter(campaign=drive).count() == first


def test_the_daily_job_records_each_running_campaign_once(world, drive):
    assert schedule.record_daily_progress() == [drive.title]
    assert schedule.record_daily_progress() == []
    assert CampaignProgress.objects.filter(target__campaign=drive).count() == 2


def test_bad_targets_are_refused_in_chinese_and_nothing_saved(world, drive, login):
    client = login("town_a_admin")
    url = reverse("campaigns:target-create", args=[drive.pk])
    count = Target.objects.count()
    for goal, message in (
        ("abc", "请输入数字"),
        ("120", "目标值不能超过 100%"),
        ("-1", "目标值不能小于 0%"),
        ("99.999", "最多保留 2 位小数"),
    ):
        data = {"region": world.town_a.code, "indicator": "org_coverage", "goal": goal}
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    # A region outside the campaign (town B) and one outside the user's scope.
    response = client.post(
        url, {"region": world.town_b.code, "indicator": "org_coverage", "goal": "90"}
    )
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    with pytest.raises(ValidationError, match="目标区域应在行动范围之内"):
        services.target_set(
            actor=world.user("district_admin"),
            campaign=drive,
            region=world.town_b,
            indicator="org_coverage",
            goal=Decimal(90),
        )
    assert Target.objects.count() == count


def test_a_campaign_ending_before_it_starts_is_refused(world, login):
    client = login("town_a_admin")
    kind = CampaignKind.objects.get(code="double_coverage")
    response = client.post(
        reverse("campaigns:campaign-create"),
        {
            "kind": kind.pk,
            "title": "倒置的行动",
            "region": world.town_a.code,
            "starts_on": "2026-10-01",
            "ends_on": "2026-09-01",
        },
    )
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.post(
        reverse("campaigns:campaign-create"),
        {"kind": kind.pk, "title": "x", "region": world.town_a.code, "starts_on": "2026-13-01",
         "ends_on": "2026-09-01"},
    )  # fmt: skip
    assert "请输入正确的日期" in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_campaign_outside_the_scope_does_not_exist(world, drive, login):
    for persona in ("town_b_admin", "outsider", "secretary"):
        client = login(persona)
        assert client.get(reverse("campaigns:campaign", args=[drive.pk])).status_code == 404
        assert client.get(reverse("campaigns:items", args=[drive.pk])).status_code == 404
        response = client.post(reverse("campaigns:action", args=[drive.pk, "refresh"]))
        assert response.status_code == 404
    with pytest.raises(OutOfScope):
        services.campaign_create(
            actor=world.user("town_a_admin"),
            kind=CampaignKind.objects.get(code="double_coverage"),
            title="越界",
            region=world.town_b,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 3, 1),
        )


def test_the_district_sees_the_town_campaign_and_leaders_only_read(world, drive, login):
    assert (
        login("district_admin").get(reverse("campaigns:campaign", args=[drive.pk])).status_code
        == 200
    )
    leader = login("leader")
    assert leader.get(reverse("campaigns:campaign", args=[drive.pk])).status_code == 200
    assert leader.post(reverse("campaigns:action", args=[drive.pk, "generate"])).status_code == 403
    assert not WorkItem.objects.filter(campaign=drive).exists()


def test_the_list_and_its_export(world, drive, login):
    client = login("town_a_admin")
    assert drive.title in client.get(reverse("campaigns:campaigns")).content.decode()
    response = client.get(reverse("campaigns:campaigns-export"))
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert (
        drive.title
        not in login("town_b_admin").get(reverse("campaigns:campaigns")).content.decode()
    )


def test_a_town_sees_its_own_target_of_a_district_drive_not_the_districts(world, login):
    actor = world.user("district_admin")
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=actor,
        kind=CampaignKind.objects.get(code="double_coverage"),
        title="示范区双覆盖百日攻坚",
        region=world.district,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=100),
    )
    for region in (world.district, world.town_b):
        services.target_set(
            actor=actor,
            campaign=campaign,
            region=region,
            indicator="org_coverage",
            goal=Decimal(95),
        )
    shown = selectors.target_figures(user=world.user("town_b_admin"), campaign=campaign)
    assert [fig.target.region for fig in shown] == [world.town_b]
    # 开发区机械 is covered by its branch: town B is at 100% (1 of 1).
    assert (shown[0].live_numerator, shown[0].live_denominator, shown[0].reached) == (1, 1, True)
    assert len(selectors.target_figures(user=actor, campaign=campaign)) == 2
    assert (
        login("town_b_admin").get(reverse("campaigns:campaign", args=[campaign.pk])).status_code
        == 200
    )


def test_a_town_launches_a_drive_and_sets_a_target_from_the_pages(world, login):
    client = login("town_a_admin")
    kind = CampaignKind.objects.get(code="double_coverage")
    response = client.post(
        reverse("campaigns:campaign-create"),
        {
            "kind": kind.pk,
            "title": "川姜镇2027年双覆盖百日攻坚",
            "region": world.town_a.code,
            "starts_on": "2027-03-01",
            "ends_on": "2027-06-08",
        },
    )
    campaign = Campaign.objects.get(title="川姜镇2027年双覆盖百日攻坚")
    assert response["Location"] == reverse("campaigns:campaign", args=[campaign.pk])
    assert campaign.get_state_display() == "筹备"
    response = client.post(
        reverse("campaigns:target-create", args=[campaign.pk]),
        {"region": world.grid_a.code, "indicator": "should_build", "goal": "95.5"},
    )
    assert response.status_code == 302
    target = Target.objects.get(campaign=campaign)
    assert (target.region, target.goal) == (world.grid_a, Decimal("95.50"))
    # Set again: the goal changes, no second target.
    client.post(
        reverse("campaigns:target-create", args=[campaign.pk]),
        {"region": world.grid_a.code, "indicator": "should_build", "goal": "100"},
    )
    assert Target.objects.get(campaign=campaign).goal == Decimal("100")

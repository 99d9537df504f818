"""The daily progress is the campaign's own (no user's scope enters), a town reads the
targets of its subtree and the district's target for it (read-only), and every campaign
form refuses malformed, oversized, duplicate and out-of-scope input in Chinese, saving
nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.campaigns import schedule, selectors, services
from liangxin.campaigns.models import Campaign, CampaignKind, CampaignProgress, Target, WorkItem
from liangxin.core.scoping import forget_scope
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def text(response) -> str:
    assert response.status_code == 200, response.status_code  # shown again, not saved
    return response.content.decode()


@pytest.fixture
def town_drive(world):
    """Town A's 双覆盖 drive with a 60-staff unit on the 应建未建 list (three members, no
    organization) and its work items generated."""
    unit = f.EnterpriseFactory(name="川姜新材料有限公司", region=world.grid_a, employee_count=60)
    for _ in range(3):
        f.MemberFactory(organization=world.org_a, employer=unit)
    actor = world.user("town_a_admin")
    campaign = services.campaign_create(
        actor=actor,
        kind=CampaignKind.objects.get(code="double_coverage"),
        title="川姜镇双覆盖百日攻坚",
        region=world.town_a,
        starts_on=TODAY - datetime.timedelta(days=5),
        ends_on=TODAY + datetime.timedelta(days=90),
    )
    services.target_set(
        actor=actor,
        campaign=campaign,
        region=world.town_a,
        indicator="org_coverage",
        goal=Decimal(100),
    )
    assert services.workitems_generate(actor=actor, campaign=campaign) >= 1
    return campaign


def job_figures(campaign):
    CampaignProgress.objects.all().delete()
    assert schedule.record_daily_progress() == [campaign.title]
    row = CampaignProgress.objects.get(target__campaign=campaign, on=TODAY)
    return row.numerator, row.denominator, row.open_items, row.done_items


# --- 2. the daily job: the campaign's region, whoever created it -------------------------


def test_the_daily_job_does_not_follow_the_creators_rescoped_account(world, town_drive):
    before = job_figures(town_drive)
    assert before[2] >= 1 and before[3] == 0  # open items, none done
    creator = world.user("town_a_admin")
    creator.regions.set([world.town_b])  # moved to the other town
    forget_scope(creator)
    assert job_figures(Campaign.objects.get(pk=town_drive.pk)) == before
    assert not WorkItem.objects.filter(campaign=town_drive, done_on__isnull=False).exists()


def test_the_daily_job_does_not_follow_a_deactivated_creator(world, town_drive):
    before = job_figures(town_drive)
    creator = world.user("town_a_admin")
    creator.is_active = False
    creator.save()
    creator.regions.clear()
    forget_scope(creator)
    assert job_figures(Campaign.objects.get(pk=town_drive.pk)) == before
    assert not WorkItem.objects.filter(campaign=town_drive, done_on__isnull=False).exists()


# --- 3. a town reads its subtree's targets and the district's for it ---------------------


@pytest.fixture
def district_drive(world):
    """The district's drive: the district sets targets on itself and on both towns; each
    town sets one on its own grid."""
    district = world.user("district_admin")
    campaign = services.campaign_create(
        actor=district,
        kind=CampaignKind.objects.get(code="double_coverage"),
        title="示范区双覆盖百日攻坚",
        region=world.district,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=100),
    )
    for region in (world.district, world.town_a, world.town_b):
        services.target_set(
            actor=district, campaign=campaign, region=region, indicator="org_coverage", goal=95
        )
    for persona, grid in (("town_a_admin", world.grid_a), ("town_b_admin", world.grid_b)):
        services.target_set(
            actor=world.user(persona),
            campaign=campaign,
            region=grid,
            indicator="org_coverage",
            goal=Decimal(100),
        )
    return campaign


def shown(world, persona, campaign):
    found = selectors.target_figures(user=world.user(persona), campaign=campaign)
    return {fig.target.region.code: fig.editable for fig in found}


def test_each_town_reads_its_own_subtree_and_the_districts_target_for_it(world, district_drive):
    assert shown(world, "town_a_admin", district_drive) == {
        world.town_a.code: False,  # the district's target for town A: read-only
        world.grid_a.code: True,
    }
    assert shown(world, "town_b_admin", district_drive) == {
        world.town_b.code: False,
        world.grid_b.code: True,
    }
    assert set(shown(world, "district_admin", district_drive).values()) == {True}
    assert len(shown(world, "district_admin", district_drive)) == 5
    assert set(shown(world, "leader", district_drive).values()) == {False}


def test_a_town_cannot_change_the_districts_target_for_it(world, district_drive, login):
    with pytest.raises(ValidationError, match="由上级设定"):
        services.target_set(
            actor=world.user("town_a_admin"),
            campaign=district_drive,
            region=world.town_a,
            indicator="org_coverage",
            goal=Decimal(50),
        )
    client = login("town_a_admin")
    page = client.get(reverse("campaigns:campaign", args=[district_drive.pk])).content.decode()
    assert "上级设定·只读" in page
    assert "开发区" not in page  # town B's targets never reach town A
    response = client.post(
        reverse("campaigns:target-create", args=[district_drive.pk]),
        {"region": world.town_a.code, "indicator": "org_coverage", "goal": "50"},
    )
    assert "只能查看，不能修改" in text(response)
    target = Target.objects.get(campaign=district_drive, region=world.town_a)
    assert target.goal == Decimal(95)
    # Town B cannot reach town A's grid at all.
    response = login("town_b_admin").post(
        reverse("campaigns:target-create", args=[district_drive.pk]),
        {"region": world.grid_a.code, "indicator": "org_coverage", "goal": "10"},
    )
    assert "不存在或不在您的管辖范围内" in text(response)
    assert Target.objects.get(campaign=district_drive, region=world.grid_a).goal == 100


# --- 4. every form refuses bad input in Chinese ------------------------------------------


def test_bad_campaigns_are_refused_and_nothing_saved(world, town_drive, login):
    client = login("town_a_admin")
    kind = CampaignKind.objects.get(code="double_coverage")
    good = {
        "kind": kind.pk,
        "title": "川姜镇第二轮攻坚",
        "region": world.town_a.code,
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-08",
    }
    count = Campaign.objects.count()
    for change, message in (
        ({"kind": "abc"}, "选择一个有效的选项"),
        ({"title": "攻" * 101}, "100"),
        ({"title": ""}, "该字段是必填项"),
        ({"starts_on": "2027-02-30"}, "请输入正确的日期"),
        ({"title": town_drive.title}, "该范围内已有同名的专项行动"),  # duplicate
        ({"region": world.town_b.code}, "不存在或不在您的管辖范围内"),  # out of scope
        ({"region": "没有这个区域"}, "不存在或不在您的管辖范围内"),
    ):
        page = text(client.post(reverse("campaigns:campaign-create"), {**good, **change}))
        assert message in page, change
        assert "title" in change or good["title"] in page  # what was typed is kept
    assert Campaign.objects.count() == count


def test_a_stopped_kind_cannot_be_launched(world):
    kind = CampaignKind.objects.get(code="double_coverage")
    kind.active = False
    kind.save()
    with pytest.raises(ValidationError, match="该行动类型已停用"):
        services.campaign_create(
            actor=world.user("town_a_admin"),
            kind=kind,
            title="停用类型",
            region=world.town_a,
            starts_on=TODAY,
            ends_on=TODAY,
        )


def test_bad_targets_are_refused_and_a_repeat_changes_the_goal(world, town_drive, login):
    client = login("town_a_admin")
    url = reverse("campaigns:target-create", args=[town_drive.pk])
    for data, message in (
        ({"region": world.town_a.code, "indicator": "bogus", "goal": "90"}, "请选择列出的指标"),
        ({"region": world.town_a.code, "indicator": "org_coverage", "goal": "1e9"}, "100%"),
        ({"region": "x" * 300, "indicator": "org_coverage", "goal": "90"}, "不在您的管辖范围内"),
        ({"region": world.grid_b.code, "indicator": "org_coverage", "goal": "90"}, "管辖范围"),
        ({"region": world.town_a.code, "indicator": "org_coverage", "goal": ""}, "必填"),
    ):
        assert message in text(client.post(url, data)), data
    assert list(Target.objects.values_list("goal", flat=True)) == [Decimal(100)]
    # The same region and indicator again: the goal changes, no duplicate row.
    client.post(url, {"region": world.town_a.code, "indicator": "org_coverage", "goal": "98"})
    assert list(Target.objects.values_list("goal", flat=True)) == [Decimal(98)]


def test_bad_kinds_indicators_and_sources_are_refused(world, login):
    client = login("district_admin")
    count = CampaignKind.objects.count()
    for data, message in (
        ({"code": "x1", "name": "坏指标", "indicators": ["nope"]}, "没有这个指标"),
        ({"code": "x2", "name": "长来源", "source": "源" * 201}, "200"),
        ({"code": "c" * 33, "name": "长代码"}, "32"),
        ({"code": "x3", "name": "第一议题落实"}, "该名称已被使用"),
    ):
        assert message in text(client.post(reverse("campaigns:kind-create"), data)), data
    assert CampaignKind.objects.count() == count
    with pytest.raises(ValidationError, match="没有这个指标"):
        services.kind_save(
            actor=world.user("district_admin"), code="x4", name="坏指标", source="",
            work_lists=[], has_round=False, indicators=["nope"],
        )  # fmt: skip
    # A kind with its indicator: saved and shown.
    client.post(
        reverse("campaigns:kind-create"),
        {"code": "study", "name": "主题学习", "indicators": ["first_topic_orgs"]},
    )
    assert CampaignKind.objects.get(code="study").indicators == ["first_topic_orgs"]
    assert "第一议题落实率" in client.get(reverse("campaigns:kinds")).content.decode()


def test_the_items_state_filter_ignores_bad_values(world, town_drive, login):
    client = login("town_a_admin")
    url = reverse("campaigns:items", args=[town_drive.pk])
    for query in ("?state=bogus", "?state=" + "x" * 500, "?page=abc", "?state=open&page=-1"):
        page = client.get(url + query)
        assert page.status_code == 200, query
        assert "川姜新材料有限公司" in page.content.decode(), query
    assert login("town_b_admin").get(url + "?state=open").status_code == 404

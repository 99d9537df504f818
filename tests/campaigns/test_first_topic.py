"""第一议题落实 [L:平湖: "市级及以上双管企业全面落实“第一议题”制度"; WORK.md §1: a meeting's
first item may be flagged 第一议题]: the drive measures the share of a region's Party
organizations that held a meeting flagged 第一议题 within the campaign period, and its
progress moves when such a meeting is recorded through the organization-life service."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.campaigns import schedule, selectors, services
from liangxin.campaigns.indicators import FIRST_TOPIC
from liangxin.campaigns.models import CampaignKind, CampaignProgress, Target
from liangxin.life import services as life
from liangxin.life.models import MeetingKind, Presence
from liangxin.life.services import SheetLine
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def drive(world):
    """The district's 第一议题 drive since ten days ago, with targets on the district and
    on town A (town A has one branch, ORG-A; its 党小组 is not asked)."""
    actor = world.user("district_admin")
    campaign = services.campaign_create(
        actor=actor,
        kind=CampaignKind.objects.get(code="first_topic"),
        title="示范区第一议题落实专项行动",
        region=world.district,
        starts_on=TODAY - datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=50),
    )
    for region in (world.district, world.town_a):
        services.target_set(
            actor=actor, campaign=campaign, region=region, indicator=FIRST_TOPIC, goal=Decimal(100)
        )
    return campaign


def meeting(actor, organization, member, *, first_topic=True, held_on=TODAY):
    return life.meeting_record(
        actor=actor,
        organization=organization,
        data={
            "kind": MeetingKind.LECTURE,
            "held_on": held_on,
            "topic": "学习习近平总书记重要讲话精神",
            "study_form": "车间微党课",
            "first_topic": first_topic,
        },
        sheet=[SheetLine(member, Presence.PRESENT)],
    )


def recorded(campaign) -> dict:
    schedule.record_daily_progress()
    rows = CampaignProgress.objects.filter(target__campaign=campaign, on=TODAY)
    return {row.target.region.code: (row.numerator, row.denominator) for row in rows}


def test_the_seeded_kind_measures_first_topic_meetings(drive):
    kind = CampaignKind.objects.get(code="first_topic")
    assert kind.indicators == [FIRST_TOPIC]
    assert "第一议题" in kind.source
    assert [key for key, _ in kind.indicator_choices()] == [FIRST_TOPIC]


def test_progress_rises_with_a_first_topic_meeting_of_the_town_only(world, drive):
    assert recorded(drive) == {world.district.code: (0, 2), world.town_a.code: (0, 1)}

    # Town B's branch holds one: the district rises, town A does not.
    secretary_b = f.account("secretary_b", "secretary", organizations=[world.org_b])
    meeting(secretary_b, world.org_b, world.member_b)
    CampaignProgress.objects.all().delete()
    assert recorded(drive) == {world.district.code: (1, 2), world.town_a.code: (0, 1)}

    # A meeting without the flag, and one before the drive began, do not count.
    secretary = world.user("secretary")
    meeting(secretary, world.org_a, world.member_a, first_topic=False)
    meeting(secretary, world.org_a, world.member_a, held_on=TODAY - datetime.timedelta(days=30))
    CampaignProgress.objects.all().delete()
    assert recorded(drive)[world.town_a.code] == (0, 1)

    meeting(secretary, world.org_a, world.member_a)
    CampaignProgress.objects.all().delete()
    assert recorded(drive) == {world.district.code: (2, 2), world.town_a.code: (1, 1)}
    shown = selectors.target_figures(user=world.user("town_a_admin"), campaign=drive)
    assert [(fig.target.region, fig.live, fig.reached) for fig in shown] == [
        (world.town_a, 100.0, True)
    ]


def test_a_meeting_after_the_drive_ended_does_not_count(world, drive):
    drive.ends_on = TODAY - datetime.timedelta(days=1)
    drive.save()
    meeting(world.user("secretary"), world.org_a, world.member_a)
    target = Target.objects.get(campaign=drive, region=world.town_a)
    services.progress_record(campaign=drive)
    assert CampaignProgress.objects.get(target=target, on=TODAY).numerator == 0


def test_the_drive_takes_only_its_own_indicator(world, drive, login):
    with pytest.raises(ValidationError, match="不能在这一指标上设目标"):
        services.target_set(
            actor=world.user("district_admin"),
            campaign=drive,
            region=world.town_b,
            indicator="org_coverage",
            goal=Decimal(100),
        )
    client = login("district_admin")
    url = reverse("campaigns:target-create", args=[drive.pk])
    page = client.get(url).content.decode()
    assert "第一议题落实率" in page and "组织覆盖率" not in page
    response = client.post(
        url, {"region": world.town_b.code, "indicator": "org_coverage", "goal": "100"}
    )
    assert response.status_code == 200 and "请选择列出的指标" in response.content.decode()
    response = client.post(
        url, {"region": world.town_b.code, "indicator": FIRST_TOPIC, "goal": "90"}
    )
    assert response.status_code == 302
    assert Target.objects.filter(campaign=drive).count() == 3

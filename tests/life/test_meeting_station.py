"""Meetings entered before the 活动阵地 link (issue 19): migration life 0003 links those whose
地点 is the name of exactly one place serving their organization, so a later rename of the
place keeps them; an ambiguous or unmatched name is left alone."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from liangxin.life.models import Meeting, MeetingKind
from liangxin.organizations.models import PartyStation

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("liangxin.life.migrations.0003_meeting_station")


def station(world, name, *organizations):
    place = PartyStation.objects.create(name=name, level="area", region=world.town_a)
    place.organizations.add(*organizations)
    return place


def meeting(world, place, topic, organization=None):
    return Meeting.objects.create(
        organization=organization or world.org_a,
        kind=MeetingKind.THEME_DAY,
        held_on=timezone.localdate(),
        topic=topic,
        place=place,
    )


def test_old_meetings_are_linked_to_the_one_place_of_their_name_serving_them(world):
    centre = station(world, "川姜镇党群服务中心", world.org_a)
    station(world, "同名工作站", world.org_a)
    station(world, "同名工作站", world.org_a)
    station(world, "开发区党群服务中心", world.org_b)
    linked = meeting(world, "川姜镇党群服务中心", "学习党章")
    twice = meeting(world, "同名工作站", "两处同名")
    not_served = meeting(world, "开发区党群服务中心", "别人的阵地")
    typo = meeting(world, "川姜镇党群服务中", "错字")

    backfill.link_by_name(apps, None)

    found = dict(Meeting.objects.values_list("pk", "station"))
    assert found[linked.pk] == centre.pk
    assert found[twice.pk] is None and found[not_served.pk] is None and found[typo.pk] is None

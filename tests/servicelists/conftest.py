import datetime

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def type_defaults(db):
    """The types of migration servicelists 0002 and the need categories of 0005; a
    live-server test empties the database after itself: write them back when they are gone."""
    from liangxin.servicelists import defaults
    from liangxin.servicelists.models import ActivityType, EventType, NeedCategory

    if not EventType.objects.exists():
        defaults.seed(ActivityType, EventType)
    if not NeedCategory.objects.exists():
        defaults.seed_need_categories(NeedCategory)


def admin_of(world, region) -> str:
    return {world.district: "district_admin", world.town_b: "town_b_admin"}.get(
        region, "town_a_admin"
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def resource(world, *, region=None, item="职业技能培训名额", provider="川姜镇人社所", **extra):
    from liangxin.servicelists import services

    data = {
        "region": region or world.town_a,
        "provider_organization": None,
        "provider_name": provider,
        "item": item,
        "capacity": "每月 30 人次",
        "group": "workers",
        "note": "",
        "active": True,
        **extra,
    }
    return services.resource_save(actor=world.user(admin_of(world, data["region"])), data=data)


def service_item(world, *, region=None, title="政策直通车", group="enterprises"):
    from liangxin.servicelists import services

    data = {
        "region": region or world.town_a,
        "provider_organization": None,
        "provider_name": "川姜镇党群服务中心",
        "title": title,
        "group": group,
        "process": "企业提出\n中心受理\n部门解读\n回访评价",
        "active": True,
    }
    return services.service_item_save(actor=world.user(admin_of(world, data["region"])), data=data)


def need(world, *, actor="town_a_admin", kind="enterprise", received=None, **extra):
    from liangxin.servicelists import services

    data = {
        "requester_kind": kind,
        "item": "招聘技术工人 20 名",
        "category": "hiring",
        "received_on": received or days_ago(10),
    }
    if kind == "enterprise":
        data["enterprise"] = world.ent_a
    elif kind == "member":
        data["member"] = world.member_a
    else:
        data.update(requester_name="李师傅", region=world.town_a)
    data.update(extra)
    return services.need_create(actor=world.user(actor), data=data)

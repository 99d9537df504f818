"""Demo three lists of the demo town (slot demo_seeders): a few resources and service-menu
items, needs of enterprises, members and workers walked through the match flow (some
open, some matched, most served), activities of the town's stations and this year's
events with their outcomes, so every list and both figures pages have something to show."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization, PartyStation
from liangxin.regions.models import Region
from liangxin.servicelists import defaults, services
from liangxin.servicelists.models import (
    ActivityType,
    EventType,
    Group,
    NeedCategory,
    RequesterKind,
    Resource,
)

RESOURCES = (
    ("镇人社所", "职业技能培训名额", "每月 30 人次", Group.WORKERS),
    ("镇卫生院", "职工健康体检", "每季 200 人", Group.WORKERS),
    ("镇司法所", "法律顾问坐诊", "每周半天", Group.ENTERPRISES),
    ("农商银行支行", "普惠贷款对接", "每月 5 户", Group.ENTERPRISES),
    ("镇党群服务中心", "党员教育场地", "每周 3 场", Group.PARTY),
)
MENU = (
    ("政策直通车", Group.ENTERPRISES, "企业提出\n服务中心受理\n部门解读政策\n回访评价"),
    ("职工子女暑托班", Group.WORKERS, "职工报名\n审核名额\n开班服务\n满意度评价"),
    ("党员志愿服务认领", Group.PARTY, "发布项目\n党员认领\n开展服务\n记录积分"),
)
NEEDS = (
    (RequesterKind.ENTERPRISE, "招聘技术工人 20 名", "hiring"),
    (RequesterKind.ENTERPRISE, "劳动合同范本审查", "legal"),
    (RequesterKind.ENTERPRISE, "流动资金贷款", "finance"),
    (RequesterKind.STAFF, "子女暑期托管", "living"),
    (RequesterKind.STAFF, "电工证培训", "training"),
    (RequesterKind.MEMBER, "组织生活场地", "other"),
)


def seed(anchors, seed: int) -> int:
    """The demo town's lists; the default types written back when a flush lost them."""
    defaults.seed(ActivityType, EventType)
    defaults.seed_need_categories(NeedCategory)
    town = Region.objects.filter(code=anchors.town).first()
    actor = get_user_model().objects.filter(username="town_admin").first()
    if town is None or actor is None or Resource.objects.filter(region=town).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    resources = [_resource(actor, town, row) for row in RESOURCES]
    items = [_item(actor, town, row) for row in MENU]
    written = len(resources) + len(items)
    written += _needs(actor, town, rng, today, resources + items)
    written += _activities(actor, town, rng, today, items)
    written += _events(actor, town, rng, today)
    return written


def _resource(actor, town, row):
    provider, item, capacity, group = row
    data = {
        "region": town,
        "provider_organization": None,
        "provider_name": f"{town.name}{provider.removeprefix('镇')}",
        "item": item,
        "capacity": capacity,
        "group": group,
        "note": "",
        "active": True,
    }
    return services.resource_save(actor=actor, data=data)


def _item(actor, town, row):
    title, group, process = row
    data = {
        "region": town,
        "provider_organization": None,
        "provider_name": f"{town.name}党群服务中心",
        "title": title,
        "group": group,
        "process": process,
        "active": True,
    }
    return services.service_item_save(actor=actor, data=data)


def _requester(kind, town, rng) -> dict:
    if kind == RequesterKind.ENTERPRISE:
        enterprise = Enterprise.objects.filter(region__path__startswith=town.path).first()
        return {"enterprise": enterprise} if enterprise else {}
    if kind == RequesterKind.MEMBER:
        member = Member.objects.filter(organization__region__path__startswith=town.path).first()
        return {"member": member} if member else {}
    return {"requester_name": rng.choice("张王李赵陈刘") + "师傅", "region": town}


def _needs(actor, town, rng, today, offers) -> int:
    written = 0
    for index in range(18):
        kind, item, category = NEEDS[index % len(NEEDS)]
        requester = _requester(kind, town, rng)
        if not requester:
            continue
        received = today - datetime.timedelta(days=rng.randint(20, 150))
        need = services.need_create(
            actor=actor,
            data={
                "requester_kind": kind,
                "item": item,
                "category": category,
                "received_on": received,
                **requester,
            },
        )
        written += 1 + _walk(actor, need, rng, received, offers, index)
    return written


def _walk(actor, need, rng, received, offers, index) -> int:
    if index % 6 == 5:
        return 0  # still open
    offer = offers[index % len(offers)]
    key = "resource" if isinstance(offer, Resource) else "service_item"
    matched_on = received + datetime.timedelta(days=rng.randint(1, 5))
    services.match_create(actor=actor, need=need, matched_on=matched_on, **{key: offer})
    if index % 6 == 4:
        return 1
    services.match_deliver(
        actor=actor,
        need=need,
        served_on=matched_on + datetime.timedelta(days=rng.randint(1, 10)),
        beneficiaries=rng.randint(1, 40),
        outcome="已按需提供服务",
        rating=rng.choice(["satisfied", "satisfied", "basically", "dissatisfied"]),
    )
    return 2


def _activities(actor, town, rng, today, items) -> int:
    types = list(ActivityType.objects.filter(active=True)[:2])
    organizer = PartyOrganization.objects.filter(region__path__startswith=town.path).first()
    place = PartyStation.objects.filter(name=f"{town.name}党群服务中心").first()
    for index in range(8):
        kind = types[index % len(types)]
        services.activity_create(
            actor=actor,
            data={
                "activity_type": kind,
                "title": f"{kind.name}第 {index + 1} 期",
                "held_on": today - datetime.timedelta(days=7 * index + 1),
                "region": town,
                "place": place,
                "place_name": f"{town.name}党群服务中心",
                "organizer": organizer,
                "participants": rng.randint(15, 80),
                "service_item": items[index % len(items)],
                "note": "",
            },
        )
    return 8


def _events(actor, town, rng, today) -> int:
    enterprises = list(Enterprise.objects.filter(region__path__startswith=town.path)[:12])
    written = 0
    for index, kind in enumerate(EventType.objects.filter(active=True)):
        held = today - datetime.timedelta(days=30 * index + 3)
        posts = rng.randint(50, 300)
        services.event_create(
            actor=actor,
            data={
                "event_type": kind,
                "title": f"{held.year}年{town.name}{kind.name}",
                "held_on": held,
                "region": town,
                "organizer": None,
                "organizer_name": f"{town.name}两新工委",
                "enterprises": rng.sample(enterprises, min(len(enterprises), 6)),
                "other_enterprises": rng.randint(0, 20),
                "note": "",
            },
            outcomes={
                "posts": Decimal(posts),
                "people": Decimal(rng.randint(100, 600)),
                "intentions": Decimal(rng.randint(10, posts)),
                "contracts": Decimal(rng.randint(0, 10)),
                "amount": Decimal(rng.randint(0, 5000)),
            },
        )
        written += 1
    return written

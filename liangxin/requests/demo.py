"""Demo requests of the demo town (slot demo_seeders): handling units, and a few dozen
requests received over the last two months, walked by the town's desk through the services
to every state — some overdue, some returned, some reopened — so the list, the
to-do list and the statistics have something to show."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region
from liangxin.requests import defaults, services
from liangxin.requests.models import (
    Channel,
    DeadlineRule,
    HandlingUnit,
    Request,
    RequestCategory,
    Urgency,
)

CONTENTS = (
    "招工难，请协助对接职业院校",
    "申报高新技术企业，请指导材料准备",
    "厂区扩建用地指标咨询",
    "流动资金贷款，请对接银行",
    "劳动合同纠纷，请提供法律咨询",
    "专精特新政策兑现进度",
    "用电增容申请办理",
    "人才公寓申请",
)
# How far each demo request goes (repeated over the requests).
STOPS = (
    "received",
    "returned",
    "accepted",
    "assigned",
    "handling",
    "handling",
    "resolved",
    "follow_up",
    "closed",
    "closed",
    "closed",
    "reopened",
)
TOWN_UNITS = ("经发办", "人社所", "司法所")
DISTRICT_UNITS = ("区人社局", "区市场监管局", "区自然资源局", "区金融办")


def seed(anchors, seed: int, count: int = 36) -> int:
    town = Region.objects.filter(code=anchors.town).first()
    actor = get_user_model().objects.filter(username="town_admin").first()
    if town is None or actor is None or Request.objects.exists():
        return 0
    units = _units(town)
    enterprises = list(Enterprise.objects.filter(region__path__startswith=town.path)[:40])
    if not enterprises:
        return 0
    rng = random.Random(seed)
    # The defaults of the data migration, when a flushed database has lost them.
    defaults.seed(RequestCategory, DeadlineRule)
    categories = list(RequestCategory.objects.filter(parent=None))
    now = timezone.now()
    for index in range(count):
        received = now - datetime.timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 8))
        data = {
            "enterprise": rng.choice(enterprises),
            "channel": rng.choice(Channel.values),
            "categories": rng.sample(categories, rng.randint(1, 2)),
            "urgency": rng.choice([Urgency.GENERAL] * 4 + [Urgency.URGENT, Urgency.COMPLEX]),
            "content": rng.choice(CONTENTS),
            "submitter_name": rng.choice("张王李赵陈刘") + "经理",
            "received_at": received,
        }
        request = services.request_create(actor=actor, data=data)
        _walk(actor, request, STOPS[index % len(STOPS)], rng.choice(units), rng)
    return count + len(units)


def _units(town: Region) -> list[HandlingUnit]:
    district = Region.objects.filter(path=town.path[: -Region.steplen]).first() or town
    named = [(f"{town.name}{name}", town) for name in TOWN_UNITS]
    named += [(name, district) for name in DISTRICT_UNITS]
    return [HandlingUnit.objects.get_or_create(name=n, region=r)[0] for n, r in named]


def _fresh(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


def _walk(actor, request: Request, stop: str, unit, rng) -> None:
    if stop == "received":
        return
    if stop == "returned":
        services.request_return(actor=actor, request=request, comment="请补充相关证明材料")
        return
    services.request_accept(actor=actor, request=_fresh(request))
    if stop == "accepted":
        return
    services.request_assign(actor=actor, request=_fresh(request), lead_unit=unit)
    if stop == "assigned":
        return
    services.request_start(actor=actor, request=_fresh(request))
    if stop == "handling":
        return
    services.request_resolve(
        actor=actor,
        request=_fresh(request),
        result="solved",
        reason="",
        answer="已协调解决，详见答复。",
        funds=rng.choice([None, 5, 20]),
    )
    if stop == "resolved":
        return
    services.request_reply(actor=actor, request=_fresh(request))
    if stop == "follow_up":
        return
    reopen = stop == "reopened"
    services.follow_up_record(
        actor=actor,
        request=_fresh(request),
        on=timezone.localdate(),
        method="phone",
        satisfaction="dissatisfied" if reopen else rng.choice(["satisfied", "basically"]),
        note="问题未彻底解决" if reopen else "",
        reopen=reopen,
    )

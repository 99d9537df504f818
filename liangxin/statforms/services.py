"""Writes of the 党内统计 returns: create a draft (a new version when one was sent), the
review steps by role, and the freeze of the figures when sent (WORK.md §7)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from liangxin.regions.models import Region
from liangxin.statforms import editions, permissions, selectors
from liangxin.statforms.models import ReturnState, StatReturn

NEXT = {
    ReturnState.DRAFT: ReturnState.TOWN_REVIEWED,
    ReturnState.TOWN_REVIEWED: ReturnState.DISTRICT_REVIEWED,
    ReturnState.DISTRICT_REVIEWED: ReturnState.SENT,
}
STEP_LABEL = {
    ReturnState.DRAFT: "镇审核通过",
    ReturnState.TOWN_REVIEWED: "区审核通过",
    ReturnState.DISTRICT_REVIEWED: "报送",
}


def may_advance(user, stat_return: StatReturn) -> bool:
    if stat_return.state == ReturnState.DRAFT:
        return permissions.can_town_review(user)
    if stat_return.state in (ReturnState.TOWN_REVIEWED, ReturnState.DISTRICT_REVIEWED):
        return permissions.can_district_review(user)
    return False


@transaction.atomic
def create_return(user, region: Region, as_of: datetime.date, edition: str) -> StatReturn:
    if not permissions.can_keep(user):
        raise PermissionDenied("您的角色不能填报党内统计年报")
    region = selectors.region_for(user, region.code)
    if edition not in editions.EDITIONS:
        raise ValidationError({"edition": "未知的报表版本"})
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": "统计截止日期不能晚于今天"})
    same = StatReturn.objects.select_for_update().filter(
        edition=edition, region=region, as_of=as_of
    )
    if same.exclude(state=ReturnState.SENT).exists():
        raise ValidationError("该区域该统计日已有未报送的年报，请在其上继续审核")
    version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
    return StatReturn.objects.create(
        edition=edition, region=region, as_of=as_of, version=version, created_by=user
    )


@transaction.atomic
def advance(user, stat_return: StatReturn) -> StatReturn:
    stat_return = StatReturn.objects.select_for_update().get(pk=stat_return.pk)
    if stat_return.state == ReturnState.SENT:
        raise ValidationError("已报送的年报不能再修改；如需更正，请新建一个版次重新报送")
    if not may_advance(user, stat_return):
        raise PermissionDenied("您的角色不能进行此审核步骤")
    if stat_return.state == ReturnState.DRAFT:
        stat_return.town_reviewed_by = user
    elif stat_return.state == ReturnState.TOWN_REVIEWED:
        stat_return.district_reviewed_by = user
    else:
        # 已报送: the figures are computed once more and stored; they never change again.
        stat_return.figures = {t["title"]: t for t in selectors.return_tables(stat_return)}
        stat_return.sent_by, stat_return.sent_at = user, timezone.now()
    stat_return.state = NEXT[stat_return.state]
    stat_return.save()
    return stat_return

"""Writes of the places (keyword-only, atomic, validated, in scope; the audit log keeps the
history). A place is one organizations.PartyStation with its VenueProfile, written together;
a check writes its items and its score. An illegal write is refused with a Chinese message
and nothing is saved."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from liangxin.core.scoping import in_scope, scoped
from liangxin.core.services import (
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.organizations.models import PartyOrganization, PartyStation
from liangxin.venues import permissions
from liangxin.venues.models import VenueCheck, VenueCheckItem, VenueProfile, VenueStandard
from liangxin.venues.selectors import town_path

EARLIEST = datetime.date(2000, 1, 1)
STATION_FIELDS = ("name", "region", "address")
PROFILE_FIELDS = (
    "kind", "level", "parent", "area_m2", "rooms", "opening_hours", "facilities", "services",
    "contact_name", "contact_phone",
)  # fmt: skip


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _clean(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
    return instance


# --- a place ---------------------------------------------------------------------------


@transaction.atomic
def place_save(*, actor, data: dict, station: PartyStation | None = None) -> PartyStation:
    """Create a place (station and profile) or change one; a station of the old code with
    no profile yet gets its profile here. PartyStation.level follows the level's closest
    fixed choice, so workforce and the demo keep reading it."""
    _require(permissions.can_keep(actor), "您的角色不能维护阵地")
    if station is not None:
        ensure_target_in_scope(station, actor)
        station = lock(station)
    data = dict(data)
    organizations = list(data.pop("organizations", None) or [])
    ensure_references_in_scope(actor, {"organizations": organizations}, "organizations")
    parent = data.get("parent")
    if parent is not None and not in_scope(parent, actor):
        raise ValidationError({"parent": [f"{parent}不存在或不在您的管辖范围内"]})
    region = data.get("region")
    if region is None or not in_scope(region, actor):
        raise ValidationError({"region": ["请选择您管辖范围内的区域"]})
    name = (data.get("name") or "").strip()
    _check_unique_name(name, region, station)
    profile = _profile_for(station)
    station = station or PartyStation()
    station.name, station.region = name, region
    station.address = (data.get("address") or "").strip()
    for field in PROFILE_FIELDS:
        value = data.get(field)
        setattr(profile, field, value.strip() if isinstance(value, str) else value)
    if profile.level_id is not None:
        station.level = profile.level.station_level
    _check_parent(profile.parent, station)
    _clean(profile, exclude=["station"])  # kind and level first: the station's level follows
    _clean(station)
    station.save()
    station.organizations.set(organizations + _hidden_organizations(station, actor))
    profile.station = station
    _clean(profile)
    profile.save()
    ensure_result_in_scope(station, actor)
    return station


def _profile_for(station: PartyStation | None) -> VenueProfile:
    if station is None:
        return VenueProfile()
    return VenueProfile.objects.filter(station=station).first() or VenueProfile(station=station)


def _hidden_organizations(station: PartyStation, actor) -> list:
    """The organizations a place serves that the actor cannot see stay served (a town edits
    its share of a district centre's list, not the rest)."""
    if station.pk is None:
        return []
    visible = scoped(PartyOrganization.objects.all(), actor)
    return list(station.organizations.exclude(pk__in=visible.values("pk")))


def _check_unique_name(name: str, region, station: PartyStation | None) -> None:
    """Two places of one town with one name would be one line twice in the directory."""
    same = PartyStation.objects.filter(name=name, region__path__startswith=town_path(region))
    if station is not None and station.pk:
        same = same.exclude(pk=station.pk)
    if name and same.exists():
        raise ValidationError({"name": ["本镇街（园区）已有同名阵地"]})


def _check_parent(parent: PartyStation | None, station: PartyStation) -> None:
    """一中心多站点 [L:泉州]: a station hangs under a centre of its own town, one level deep."""
    if parent is None:
        return
    if station.pk and parent.pk == station.pk:
        raise ValidationError({"parent": ["阵地不能以自己为所属中心"]})
    if not parent.region.path.startswith(town_path(station.region)):
        raise ValidationError({"parent": ["所属中心应在同一镇街（园区）"]})
    parent_profile = VenueProfile.objects.filter(station=parent).select_related("kind").first()
    if parent_profile is None or not parent_profile.kind.is_centre:
        raise ValidationError({"parent": ["所属中心应为已完善档案的党群服务中心或邻里中心"]})
    if parent_profile.parent_id is not None:
        raise ValidationError({"parent": ["所属中心本身是站点，请选择上一级中心"]})
    if station.pk and VenueProfile.objects.filter(parent=station).exists():
        raise ValidationError({"parent": ["本阵地下设站点，不能再归属其他中心"]})


# --- a check ---------------------------------------------------------------------------


def applicable_standards(profile: VenueProfile):
    """The active standard items for the place's kind (an item with no kinds fits all)."""
    return (
        VenueStandard.objects.filter(active=True)
        .filter(Q(kinds=None) | Q(kinds=profile.kind_id))
        .distinct()
        .order_by("order", "pk")
    )


@transaction.atomic
def check_record(
    *,
    actor,
    station: PartyStation,
    checked_on: datetime.date,
    checker: str,
    note: str = "",
    items: dict[int, tuple[bool, str]],
) -> VenueCheck:
    """A check: one row per applicable standard item (an item not ticked is not met); the
    score is the sum of the met items' points, the full score the sum of all."""
    _require(permissions.can_keep(actor), "您的角色不能登记阵地检查")
    ensure_target_in_scope(station, actor)
    profile = VenueProfile.objects.filter(station=station).first()
    if profile is None:
        raise ValidationError("请先完善阵地档案（类型、等级）再登记检查")
    _check_date(checked_on)
    standards = list(applicable_standards(profile))
    if unknown := set(items) - {s.pk for s in standards}:
        raise ValidationError(f"标准项目不适用于本阵地：{sorted(unknown)}")
    check = _clean(
        VenueCheck(
            station=station,
            checked_on=checked_on,
            checker=(checker or "").strip(),
            note=(note or "").strip(),
            recorded_by=actor,
        )
    )
    check.save()
    for standard in standards:
        met, item_note = items.get(standard.pk, (False, ""))
        item = VenueCheckItem(
            check_record=check,
            standard=standard,
            points=standard.points,
            met=bool(met),
            note=(item_note or "").strip(),
        )
        _clean(item, exclude=["check_record"])
        item.save()
    totals = check.items.aggregate(score=Sum("points", filter=Q(met=True)), full=Sum("points"))
    check.score, check.full_score = totals["score"] or 0, totals["full"] or 0
    check.save(update_fields=["score", "full_score"])
    ensure_result_in_scope(check, actor)
    return check


def check_standards(check: VenueCheck) -> list[VenueStandard]:
    """The items a check was made against, with the points copied at the check (a later
    change of a standard's points, or a standard switched off, leaves the check as made).
    The points are set on the rows read here, which are never saved."""
    standards = []
    for item in check.items.select_related("standard").order_by("standard__order", "pk"):
        standard = item.standard
        standard.points = item.points
        standards.append(standard)
    return standards


@transaction.atomic
def check_update(
    *,
    actor,
    check: VenueCheck,
    checked_on: datetime.date,
    checker: str,
    note: str = "",
    items: dict[int, tuple[bool, str]],
) -> VenueCheck:
    """Correct a check: its date, checker, opinion and which of its items were met (with
    their notes); its items stay those of the check, the score is summed again."""
    _require(permissions.can_keep(actor), "您的角色不能修改阵地检查")
    ensure_target_in_scope(check, actor)
    check = lock(check)
    _check_date(checked_on)
    rows = {item.standard_id: item for item in check.items.all()}
    if unknown := set(items) - set(rows):
        raise ValidationError(f"标准项目不属于本次检查：{sorted(unknown)}")
    check.checked_on = checked_on
    check.checker = (checker or "").strip()
    check.note = (note or "").strip()
    _clean(check)
    for standard_id, item in rows.items():
        met, item_note = items.get(standard_id, (False, ""))
        item.met, item.note = bool(met), (item_note or "").strip()
        _clean(item)
        item.save(update_fields=["met", "note"])
    totals = check.items.aggregate(score=Sum("points", filter=Q(met=True)), full=Sum("points"))
    check.score, check.full_score = totals["score"] or 0, totals["full"] or 0
    check.save()
    ensure_result_in_scope(check, actor)
    return check


def _check_date(value: datetime.date | None) -> None:
    if value is None:
        raise ValidationError({"checked_on": ["请填写检查日期"]})
    if value > timezone.localdate():
        raise ValidationError({"checked_on": ["检查日期不能晚于今天"]})
    if value < EARLIEST:
        raise ValidationError({"checked_on": ["检查日期不能早于 2000 年"]})


# --- the district's vocabulary -----------------------------------------------------------


@transaction.atomic
def vocabulary_save(*, actor, model, data: dict, row=None):
    """Add or change a kind, level or standard item; a written code stays as it was."""
    _require(permissions.can_edit_vocabulary(actor), "只有区级管理员可以维护阵地类型、等级和标准")
    data = dict(data)
    kinds = data.pop("kinds", None)
    if row is not None:
        row = lock(row)
        data.pop("code", None)
    row = row or model()
    for name, value in data.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    _clean(row)
    row.save()
    if kinds is not None:
        row.kinds.set(kinds)
    return row

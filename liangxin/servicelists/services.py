"""Writes of the three lists, the activities and the events: each checks the actor's role,
the scope of what it names and of what it writes, validates the model (its named
constraints give the Chinese messages) and saves inside one transaction; the change
history is auditlog's (apps.py)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError

from liangxin.core.scoping import scoped
from liangxin.core.services import (
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.regions.models import Region
from liangxin.servicelists import permissions
from liangxin.servicelists.models import (
    GROUP_OF_REQUESTER,
    WHOLE_KINDS,
    Activity,
    ActivityType,
    Event,
    EventOutcome,
    EventType,
    Match,
    Need,
    NeedCategory,
    NeedState,
    OutcomeKind,
    RequesterKind,
    Resource,
    ServiceItem,
    ServiceRecord,
)

REGION_OUTSIDE = "所属区域不在您的管辖范围内"


def _allow(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _own_region(actor, region: Region | None) -> None:
    """A record is written in a region of the actor's own (not an upper one they only see)."""
    if region is None or not scoped(Region.objects.filter(pk=region.pk), actor).exists():
        raise ValidationError({"region": [REGION_OUTSIDE]})


def _save(actor, record: Model, *, m2m: dict | None = None) -> Model:
    record.full_clean()
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    ensure_result_in_scope(record, actor)
    return record


# --- offers: resources and the service menu ------------------------------------------


def _provider(actor, data: dict) -> dict:
    """The provider's name is the organization's when one is chosen."""
    ensure_references_in_scope(actor, data, "provider_organization")
    organization = data.get("provider_organization")
    name = (data.get("provider_name") or "").strip()
    if organization is not None:
        name = name or organization.name
    if not name:
        raise ValidationError({"provider_name": ["请选择提供党组织或填写提供单位"]})
    return {**data, "provider_name": name}


@transaction.atomic
def resource_save(*, actor, data: dict, resource: Resource | None = None) -> Resource:
    _allow(permissions.can_keep(actor), "您的角色不能维护资源清单")
    if resource is not None:
        ensure_target_in_scope(resource, actor)
        resource = lock(resource)
        _own_region(actor, resource.region)  # an upper region's resource is theirs to keep
    data = _provider(actor, data)
    _own_region(actor, data.get("region"))
    resource = resource or Resource()
    for name, value in data.items():
        setattr(resource, name, value)
    return _save(actor, resource)


@transaction.atomic
def service_item_save(*, actor, data: dict, item: ServiceItem | None = None) -> ServiceItem:
    _allow(permissions.can_keep(actor), "您的角色不能维护服务菜单")
    if item is not None:
        ensure_target_in_scope(item, actor)
        item = lock(item)
        _own_region(actor, item.region)
    data = _provider(actor, data)
    _own_region(actor, data.get("region"))
    item = item or ServiceItem()
    for name, value in data.items():
        setattr(item, name, value)
    return _save(actor, item)


# --- needs, matches and service records ----------------------------------------------


def _need_region(data: dict) -> Region | None:
    if data.get("enterprise") is not None:
        return data["enterprise"].region
    if data.get("member") is not None:
        return data["member"].organization.region
    return data.get("region")


def _requester_name(data: dict) -> str:
    name = (data.get("requester_name") or "").strip()
    if name:
        return name
    if data["requester_kind"] == RequesterKind.MEMBER and data.get("member") is not None:
        return data["member"].name
    if data.get("enterprise") is not None:
        return data["enterprise"].name
    raise ValidationError({"requester_name": ["请填写提出人（姓名或称呼）"]})


@transaction.atomic
def need_create(*, actor, data: dict) -> Need:
    _allow(permissions.can_record(actor), "您的角色不能登记需求")
    kind = data["requester_kind"]
    # Keep only what the requester's kind needs: a worker's need names no member.
    if kind != RequesterKind.MEMBER:
        data = {**data, "member": None}
    if kind == RequesterKind.MEMBER:
        data = {**data, "enterprise": None}
    ensure_references_in_scope(actor, data, "enterprise", "member")
    region = _need_region(data)
    if region is None:
        raise ValidationError({"region": ["请选择所属区域"]})
    need = Need(
        region=region,
        requester_kind=kind,
        enterprise=data.get("enterprise"),
        member=data.get("member"),
        requester_name=_requester_name(data),
        item=data["item"],
        category=_category_code(data.get("category")),
        group=data.get("group") or GROUP_OF_REQUESTER[kind],
        received_on=data["received_on"],
    )
    return _save(actor, need)


def _category_code(category) -> str:
    """A category switched on in the district's table (a row or its code)."""
    code = getattr(category, "code", category) or ""
    if not NeedCategory.objects.filter(code=code, active=True).exists():
        raise ValidationError({"category": ["请选择启用的需求类别"]})
    return code


def _locked(actor, need: Need) -> Need:
    ensure_target_in_scope(need, actor)
    return lock(need)


@transaction.atomic
def match_create(
    *,
    actor,
    need: Need,
    resource: Resource | None = None,
    service_item: ServiceItem | None = None,
    matched_on: datetime.date,
    note: str = "",
) -> Match:
    """Need → a resource or a service item the actor may see; the need becomes 已对接."""
    _allow(permissions.can_keep(actor), "您的角色不能对接需求")
    need = _locked(actor, need)
    if need.state != NeedState.OPEN:
        raise ValidationError(f"需求当前为“{need.get_state_display()}”，只有待对接的需求可以对接")
    ensure_references_in_scope(
        actor, {"resource": resource, "service_item": service_item}, "resource", "service_item"
    )
    for offer in (resource, service_item):
        if offer is not None and not offer.active:
            raise ValidationError(f"“{offer}”已停用，不能对接")
    if matched_on < need.received_on:
        raise ValidationError({"matched_on": ["对接日期不能早于需求提出日期"]})
    match = Match(
        need=need,
        resource=resource,
        service_item=service_item,
        matched_on=matched_on,
        matched_by=actor,
        note=note,
    )
    _save(actor, match)
    need.state = NeedState.MATCHED
    _save(actor, need)
    return match


@transaction.atomic
def match_deliver(
    *,
    actor,
    need: Need,
    served_on: datetime.date,
    beneficiaries: int,
    outcome: str,
    rating: str = "",
) -> ServiceRecord:
    """The matched service delivered: its record, and the need 已服务."""
    _allow(permissions.can_keep(actor), "您的角色不能登记服务记录")
    need = _locked(actor, need)
    if need.state != NeedState.MATCHED:
        raise ValidationError(f"需求当前为“{need.get_state_display()}”，已对接的需求才能登记服务")
    match = need.match
    if served_on < match.matched_on:
        raise ValidationError({"served_on": ["服务日期不能早于对接日期"]})
    record = ServiceRecord(
        match=match,
        served_on=served_on,
        beneficiaries=beneficiaries,
        outcome=outcome,
        rating=rating,
        recorded_by=actor,
    )
    _save(actor, record)
    need.state = NeedState.SERVED
    _save(actor, need)
    return record


@transaction.atomic
def need_close(*, actor, need: Need, reason: str) -> Need:
    """An open or matched need closed without a service (withdrawn, solved otherwise)."""
    _allow(permissions.can_keep(actor), "您的角色不能关闭需求")
    need = _locked(actor, need)
    if need.state not in (NeedState.OPEN, NeedState.MATCHED):
        raise ValidationError(f"需求当前为“{need.get_state_display()}”，不能关闭")
    if not reason.strip():
        raise ValidationError({"reason": ["请填写关闭原因"]})
    Match.objects.filter(need=need).delete()  # an undelivered match goes with the need
    need.state, need.close_reason = NeedState.CLOSED, reason.strip()
    return _save(actor, need)


# --- activities and events -----------------------------------------------------------


def _target(actor, record: Model) -> Model:
    """A record to change or delete: in the actor's scope (else 404), locked, and of a
    region of the actor's own (an upper region's record is seen, not kept)."""
    ensure_target_in_scope(record, actor)
    record = lock(record)
    _own_region(actor, record.region)
    return record


@transaction.atomic
def activity_create(*, actor, data: dict) -> Activity:
    return activity_save(actor=actor, data=data)


@transaction.atomic
def activity_save(*, actor, data: dict, activity: Activity | None = None) -> Activity:
    """An activity recorded, or corrected (same checks; the audit log keeps the change)."""
    _allow(permissions.can_record(actor), "您的角色不能登记阵地活动")
    if activity is not None:
        activity = _target(actor, activity)
    data = dict(data)
    members = list(data.pop("members", None) or [])
    ensure_references_in_scope(
        actor, {**data, "members": members}, "organizer", "members", "service_item", "place"
    )
    _own_region(actor, data.get("region"))
    data = {**data, "place_name": _place_name(data)}
    if len(members) > (data.get("participants") or 0):
        raise ValidationError({"participants": ["参加人数不能少于所选参加党员人数"]})
    activity = activity or Activity()
    for name, value in data.items():
        setattr(activity, name, value)
    return _save(actor, activity, m2m={"members": members})


def _delete(record: Model, refused: str) -> None:
    try:
        record.delete()
    except (ProtectedError, RestrictedError) as exc:
        names = "、".join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
        raise ValidationError(f"{refused}：已有{names}引用它") from exc


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    """An activity entered by mistake removed (its list of members goes with it; the audit
    log keeps what it was)."""
    _allow(permissions.can_record(actor), "您的角色不能删除阵地活动")
    _delete(_target(actor, activity), "不能删除该阵地活动")


def _place_name(data: dict) -> str:
    """The place's name when a place (阵地) is chosen and no name typed; one of them."""
    name = (data.get("place_name") or "").strip()
    if not name and data.get("place") is not None:
        name = data["place"].name[:100]
    if not name:
        raise ValidationError({"place_name": ["请选择活动阵地或填写活动地点"]})
    return name


def _outcome_value(kind: str, value) -> Decimal:
    try:
        value = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({kind: [f"{OutcomeKind(kind).label}不是有效的数字"]}) from exc
    if not value.is_finite():
        raise ValidationError({kind: [f"{OutcomeKind(kind).label}不是有效的数字"]})
    if kind in WHOLE_KINDS and value != value.to_integral_value():
        raise ValidationError({kind: [f"{OutcomeKind(kind).label}应为整数"]})
    return value


@transaction.atomic
def event_create(*, actor, data: dict, outcomes: dict[str, Decimal]) -> Event:
    return event_save(actor=actor, data=data, outcomes=outcomes)


@transaction.atomic
def event_save(
    *, actor, data: dict, outcomes: dict[str, Decimal], event: Event | None = None
) -> Event:
    """An event with its outcome rows (one per kind; an empty kind is not written, and on
    a correction an emptied kind's row is removed)."""
    _allow(permissions.can_keep(actor), "您的角色不能登记服务活动")
    if event is not None:
        event = _target(actor, event)
    data = dict(data)
    enterprises = list(data.pop("enterprises", None) or [])
    ensure_references_in_scope(
        actor, {**data, "enterprises": enterprises}, "organizer", "enterprises"
    )
    _own_region(actor, data.get("region"))
    if not (data.get("organizer_name") or "").strip() and data.get("organizer") is not None:
        data = {**data, "organizer_name": data["organizer"].name}
    event = event or Event()
    for name, value in data.items():
        setattr(event, name, value)
    event = _save(actor, event, m2m={"enterprises": enterprises})
    for kind, value in outcomes.items():
        if kind not in OutcomeKind.values:
            raise ValidationError(f"未知的成效类型：{kind}")
        row = EventOutcome.objects.filter(event=event, kind=kind).first()
        if value is None:
            if row is not None:
                row.delete()
            continue
        row = row or EventOutcome(event=event, kind=kind)
        row.value = _outcome_value(kind, value)
        row.full_clean()
        row.save()
    return event


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    """An event entered by mistake removed with its outcomes: they are the event's own
    figures and mean nothing without it (the confirm page lists them; the audit log keeps
    each deleted row). Anything else referring to the event refuses the deletion."""
    _allow(permissions.can_keep(actor), "您的角色不能删除服务活动")
    _delete(_target(actor, event), "不能删除该服务活动")


@transaction.atomic
def category_save(
    *, actor, name: str, source: str, code: str = "", category: NeedCategory | None = None
) -> NeedCategory:
    """A need category added (with its code) or renamed (the code never changes: the needs
    hold it)."""
    _allow(permissions.can_edit_types(actor), "只有区级管理员可以维护需求类别")
    if category is None:
        last = NeedCategory.objects.order_by("-order").values_list("order", flat=True).first()
        category = NeedCategory(code=code.strip(), order=(last or 0) + 1)
    else:
        category = lock(category)
    category.name, category.source = name.strip(), source.strip()
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def type_create(*, actor, model: type[ActivityType] | type[EventType], name: str, source: str):
    _allow(permissions.can_edit_types(actor), "只有区级管理员可以维护活动类型")
    last = model.objects.order_by("-order").values_list("order", flat=True).first() or 0
    row = model(name=name.strip(), source=source.strip(), order=last + 1)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def type_toggle(*, actor, row: ActivityType | EventType | NeedCategory):
    _allow(permissions.can_edit_types(actor), "只有区级管理员可以维护活动类型")
    row = lock(row)
    row.active = not row.active
    row.save(update_fields=["active"])
    return row

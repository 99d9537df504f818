"""Writes of the specialists' records: keyword-only, in a transaction, the actor's role and
scope checked, ``full_clean`` before saving, refusals in Chinese. A contact may open a
request through the request loop's own service (channel 助企专员), in the same transaction:
if the request is refused, the contact is not saved either."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from liangxin.core.roles import REGION_SCOPED
from liangxin.core.scoping import scoped
from liangxin.core.services import ensure_target_in_scope
from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region
from liangxin.requests import services as request_services
from liangxin.requests.models import Channel
from liangxin.specialists import permissions
from liangxin.specialists.models import Assignment, Cadence, Contact, Specialist, SpecialistTeam


def _ensure_manager(actor) -> None:
    if not permissions.can_manage(actor):
        raise PermissionDenied("您的角色不能管理助企服务专员")


def _ensure_region(actor, region) -> None:
    if region is None or not scoped(Region.objects.filter(pk=region.pk), actor).exists():
        raise ValidationError({"region": "所属区域不存在或不在您的管辖范围内"})


def _save(instance, duplicate: str, field: str):
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a race past full_clean's uniqueness check
        raise ValidationError({field: duplicate}) from exc
    return instance


# --- teams and specialists --------------------------------------------------------------


@transaction.atomic
def team_create(*, actor, name: str, region, note: str = "") -> SpecialistTeam:
    _ensure_manager(actor)
    _ensure_region(actor, region)
    team = SpecialistTeam(name=name.strip(), region=region, note=note)
    return _save(team, "该区域已有同名组团", "name")


def team_update(
    *, actor, team: SpecialistTeam, name: str, region, note: str = ""
) -> SpecialistTeam:
    """Rename a team, move it or change its note (the audit log keeps what it was)."""
    _ensure_manager(actor)
    ensure_target_in_scope(team, actor)
    _ensure_region(actor, region)
    team.name, team.region, team.note = name.strip(), region, note.strip()
    return _save(team, "该区域已有同名组团", "name")


@transaction.atomic
def team_delete(*, actor, team: SpecialistTeam) -> None:
    """A team with specialists is refused: they would silently lose their team (the FK
    sets it to empty); move them first."""
    _ensure_manager(actor)
    ensure_target_in_scope(team, actor)
    members = team.specialists.count()
    if members:
        raise ValidationError(f"该组团还有 {members} 名专员，请先在专员信息中调整其组团")
    team.delete()


def _check_specialist(actor, data: dict, specialist_pk=None) -> None:
    _ensure_region(actor, data.get("region"))
    team = data.get("team")
    if team is not None and not scoped(SpecialistTeam.objects.filter(pk=team.pk), actor).exists():
        raise ValidationError({"team": "组团不存在或不在您的管辖范围内"})
    user = data.get("user")
    if user is not None:
        if user.role not in permissions.LINKABLE_ROLES:
            raise ValidationError({"user": "只能关联网格员、党建指导员或管理员的账号"})
        if not _account_in_scope(actor, user):
            raise ValidationError({"user": "该账号不在您的管辖范围内"})
        linked = Specialist.objects.filter(user=user).exclude(pk=specialist_pk)
        if linked.exists():
            raise ValidationError({"user": "该账号已关联其他专员"})


def _account_in_scope(actor, user) -> bool:
    """The account's regions (an instructor's: its record's) lie in the actor's scope."""
    region_ids = set(user.regions.values_list("pk", flat=True))
    instructor = getattr(user, "instructor", None)
    if instructor is not None:
        region_ids.add(instructor.region_id)
    if not region_ids:
        return False
    visible = scoped(Region.objects.filter(pk__in=region_ids), actor).count()
    return visible == len(region_ids)


@transaction.atomic
def specialist_create(*, actor, data: dict) -> Specialist:
    _ensure_manager(actor)
    _check_specialist(actor, data)
    return _save(Specialist(**data), "该区域已登记同名、同单位的专员", "name")


@transaction.atomic
def specialist_update(*, actor, specialist: Specialist, data: dict) -> Specialist:
    _ensure_manager(actor)
    ensure_target_in_scope(specialist, actor)
    _check_specialist(actor, data, specialist.pk)
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    for name, value in data.items():
        setattr(specialist, name, value)
    return _save(specialist, "该区域已登记同名、同单位的专员", "name")


# --- assignments ------------------------------------------------------------------------


def _overlapping(specialist, enterprise, start, end, exclude=None):
    rows = Assignment.objects.filter(specialist=specialist, enterprise=enterprise).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    if end is not None:
        rows = rows.filter(start__lte=end)
    return rows.exclude(pk=exclude) if exclude else rows


def _ensure_linked_user_sees(specialist: Specialist, enterprise: Enterprise) -> None:
    """A specialist whose account is a grid officer's (or an admin's) sees its assignments
    through that account's regions: an enterprise outside them it could never log."""
    user = specialist.user
    if user is None or user.role not in REGION_SCOPED:
        return
    if not scoped(Enterprise.objects.filter(pk=enterprise.pk), user).exists():
        raise ValidationError(
            {"enterprise": "该企业不在专员关联账号的管辖区域内，专员本人将无法查看和记录"}
        )


@transaction.atomic
def assignment_create(
    *, actor, specialist: Specialist, enterprise: Enterprise, start, end=None, note=""
) -> Assignment:
    """包联: the enterprise must be in the actor's scope, the dates inside the specialist's
    term, and the specialist must not already serve it over those dates."""
    _ensure_manager(actor)
    ensure_target_in_scope(specialist, actor)
    if not scoped(Enterprise.objects.filter(pk=enterprise.pk), actor).exists():
        raise ValidationError({"enterprise": "该企业不存在或不在您的管辖范围内"})
    _ensure_linked_user_sees(specialist, enterprise)
    if start < specialist.start or (specialist.end and start > specialist.end):
        raise ValidationError({"start": "包联开始须在专员任期内"})
    if end is not None and specialist.end is not None and end > specialist.end:
        raise ValidationError({"end": "包联结束不能晚于专员任期结束"})
    Specialist.objects.select_for_update().filter(pk=specialist.pk).first()  # serialise
    if _overlapping(specialist, enterprise, start, end).exists():
        raise ValidationError({"enterprise": "该专员已包联该企业（包联期重叠）"})
    assignment = Assignment(
        specialist=specialist, enterprise=enterprise, start=start, end=end, note=note
    )
    return _save(assignment, "该专员已于同日起包联该企业", "enterprise")


@transaction.atomic
def assignment_end(*, actor, assignment: Assignment, end: datetime.date) -> Assignment:
    _ensure_manager(actor)
    ensure_target_in_scope(assignment, actor)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if end < assignment.start:
        raise ValidationError({"end": "包联结束不能早于开始"})
    assignment.end = end
    return _save(assignment, "包联已存在", "end")


# --- cadences ---------------------------------------------------------------------------


CADENCE_FIELDS = (
    "name",
    "frequency",
    "performer",
    "done_when",
    "counts_missed",
    "active",
    "source",
)


@transaction.atomic
def cadence_update(*, actor, cadence: Cadence, data: dict) -> Cadence:
    if not permissions.can_edit_cadences(actor):
        raise PermissionDenied("只有区级管理员可以修改联系频次")
    cadence = Cadence.objects.select_for_update().get(pk=cadence.pk)
    for name in CADENCE_FIELDS:
        if name in data:
            setattr(cadence, name, data[name])
    return _save(cadence, "已有同名的联系频次", "name")


# --- contacts ---------------------------------------------------------------------------


def _check_contact_date(assignment: Assignment, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": "联系日期不能晚于今天"})
    if day < assignment.start or (assignment.end and day > assignment.end):
        raise ValidationError({"date": "联系日期须在包联期内"})


FINDINGS_MAX = 2000


@transaction.atomic
def contact_log(*, actor, assignment: Assignment, data: dict, open_request: dict | None = None):
    """Log a contact; with ``open_request`` (categories, urgency, submitter_name) it also
    opens a request of the enterprise (channel 助企专员) whose content is the findings."""
    ensure_target_in_scope(assignment, actor)
    if not permissions.can_log(actor, assignment):
        raise PermissionDenied("您只能记录本人包联企业的联系")
    cadence = data["cadence"]
    if len(data.get("findings") or "") > FINDINGS_MAX:
        raise ValidationError({"findings": f"发现的情况和问题最多 {FINDINGS_MAX} 字"})
    if not cadence.active:
        raise ValidationError({"cadence": "该联系频次已停用"})
    _check_contact_date(assignment, data["date"])
    contact = Contact(assignment=assignment, recorded_by=actor, **data)
    contact.full_clean()
    if open_request is not None:
        contact.request = request_services.request_create(
            actor=actor,
            data={
                "enterprise": assignment.enterprise,
                "channel": Channel.SPECIALIST,
                "content": contact.findings,
                **open_request,
            },
        )
    contact.save()
    return contact

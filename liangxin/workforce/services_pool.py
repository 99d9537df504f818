"""Writes of the talent pool (党务人才库) and the partner groups (先锋工匠/党建合伙人), WORK.md §4.

An entry's state follows its placements: the first recommendation makes it 已推荐, a hire
已任用. A partner group's members are secretaries or deputies in scope, one group a year
each; its size outside the district's range is a warning on the pages, not a refusal.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.workforce.models_people import (
    PartnerGroup,
    PartnerTask,
    PartyWorker,
    Placement,
    PoolEntry,
    PoolState,
)
from liangxin.workforce.selectors_pool import MEMBER_ROLES

KIND = "instructors"
ENTRY_FIELDS = ("name", "worker", "region", "channel", "skills", "tier", "available", "entered_on")
OUTCOME_FIELDS = ("hired", "in_management", "note")
TASK_FIELDS = ("kind", "title", "progress", "evidence")


def _save(instance, actor) -> None:
    instance.full_clean()
    instance.save()
    ensure_result_in_scope(instance, actor)


# --- talent pool ---------------------------------------------------------------------------


@transaction.atomic
def pool_entry_create(*, actor, data: dict) -> PoolEntry:
    ensure_can_edit(actor, KIND)
    data = {k: v for k, v in data.items() if k in ENTRY_FIELDS}
    ensure_references_in_scope(actor, data, "region", "worker")
    entry = PoolEntry()
    apply_fields(entry, data)
    _save(entry, actor)
    return entry


@transaction.atomic
def pool_entry_update(*, actor, entry: PoolEntry, data: dict) -> PoolEntry:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(entry, actor)
    entry = lock(entry)
    data = {k: v for k, v in data.items() if k in ENTRY_FIELDS}
    ensure_references_in_scope(actor, data, "region", "worker", instance=entry)
    apply_fields(entry, data)
    _save(entry, actor)
    return entry


def _follow_placements(entry: PoolEntry) -> None:
    """储备 → 已推荐 at the first placement, → 已任用 once a placement is hired."""
    if entry.placements.filter(hired=True).exists():
        state = PoolState.APPOINTED
    elif entry.placements.exists():
        state = PoolState.RECOMMENDED
    else:
        state = PoolState.RESERVE
    if entry.state != state:
        entry.state = state
        entry.save(update_fields=["state", "updated_at"])


@transaction.atomic
def placement_create(*, actor, entry: PoolEntry, data: dict) -> Placement:
    """推荐 an entry to an enterprise in scope (at an event such as a 红色见面会 [L:丹东])."""
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(entry, actor)
    entry = lock(entry)
    data = dict(data)
    if not data.get("enterprise"):
        raise ValidationError({"enterprise": ["请选择推荐企业"]})
    ensure_references_in_scope(actor, data, "enterprise")
    if not entry.available:
        raise ValidationError("该人才已标为不可推荐，请先修改入库信息")
    placement = Placement(entry=entry)
    apply_fields(placement, {k: v for k, v in data.items() if k != "entry"})
    _save(placement, actor)
    _follow_placements(entry)
    return placement


@transaction.atomic
def placement_record_outcome(
    *, actor, placement: Placement, hired: bool, in_management: bool, note: str | None = None
) -> Placement:
    """录用 and 进入管理层; management without a hire is refused by the database's rule
    (workforce_placement_management_hired), whose message the form shows."""
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(placement, actor)
    placement = lock(placement)
    placement.hired, placement.in_management = hired, in_management
    if note is not None:
        placement.note = note
    _save(placement, actor)
    _follow_placements(placement.entry)
    return placement


# --- partner groups --------------------------------------------------------------------------


@transaction.atomic
def partner_group_create(*, actor, data: dict) -> PartnerGroup:
    """A 先锋工匠's group for a year; its region defaults to the leader's."""
    ensure_can_edit(actor, KIND)
    data = {k: v for k, v in data.items() if k in ("name", "leader", "region", "year")}
    if not data.get("leader"):
        raise ValidationError({"leader": ["请选择带领的先锋工匠"]})
    ensure_references_in_scope(actor, data, "leader", "region")
    data["region"] = data.get("region") or data["leader"].region
    group = PartnerGroup()
    apply_fields(group, data)
    _save(group, actor)
    return group


def _check_member(group: PartnerGroup, worker: PartyWorker) -> None:
    if worker.pk == group.leader_id:
        raise ValidationError({"worker": ["先锋工匠不能作为本人所带小组的成员"]})
    if worker.role not in MEMBER_ROLES:
        raise ValidationError({"worker": [f"{worker.name}不是书记或专职副书记，不能加入小组"]})
    other = (
        PartnerGroup.objects.filter(year=group.year, members=worker).exclude(pk=group.pk).first()
    )
    if other is not None:
        raise ValidationError(
            {"worker": [f"{worker.name}已是{group.year}年度小组“{other.name}”的成员"]}
        )


@transaction.atomic
def partner_member_add(*, actor, group: PartnerGroup, worker: PartyWorker) -> PartnerGroup:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(group, actor)
    group = lock(group)
    ensure_references_in_scope(actor, {"worker": worker}, "worker")
    if group.members.filter(pk=worker.pk).exists():
        raise ValidationError({"worker": [f"{worker.name}已在本小组"]})
    _check_member(group, worker)
    group.members.add(worker)
    return group


@transaction.atomic
def partner_member_remove(*, actor, group: PartnerGroup, worker: PartyWorker) -> PartnerGroup:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(group, actor)
    group = lock(group)
    group.members.remove(worker)
    return group


@transaction.atomic
def partner_task_create(*, actor, group: PartnerGroup, data: dict) -> PartnerTask:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(group, actor)
    task = PartnerTask(group=group)
    apply_fields(task, {k: v for k, v in data.items() if k in TASK_FIELDS})
    _save(task, actor)
    return task


@transaction.atomic
def partner_task_update(*, actor, task: PartnerTask, data: dict) -> PartnerTask:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(task, actor)
    task = lock(task)
    apply_fields(task, {k: v for k, v in data.items() if k in TASK_FIELDS})
    _save(task, actor)
    return task

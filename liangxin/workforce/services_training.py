"""Writes of training sessions and their attendance (WORK.md §4 "Training").

Sessions are kept by the region-scoped administrators (district, town) in their own
regions; attendance is recorded by them for party workers of their scope. A person
attends a session once; the hours recorded default to the session's hours and may be
fewer (left early), never more."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from liangxin.core.roles import REGION_SCOPED
from liangxin.core.scoping import scoped
from liangxin.core.services import (
    OutOfScope,
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.workforce.models_people import (
    PartyWorker,
    Training,
    TrainingAttendance,
    WorkerState,
)

FIELDS = (
    "title", "level", "kind", "mode", "organizer", "region",
    "starts_on", "ends_on", "hours", "place", "has_test",
)  # fmt: skip


def ensure_keeps_trainings(actor) -> None:
    """Only the region-scoped administrators (who edit the instructors' registry) keep
    training sessions and their attendance."""
    ensure_can_edit(actor, "instructors")
    if getattr(actor, "role", None) not in REGION_SCOPED:
        raise PermissionDenied("只有区、镇（园区）管理员可以登记培训")


def _save(training: Training, data: dict, *, actor) -> Training:
    data = {key: value for key, value in data.items() if key in FIELDS}
    ensure_references_in_scope(actor, data, "region", instance=training)
    apply_fields(training, data)
    training.full_clean()
    if training.pk and training.attendance.filter(hours__gt=training.hours).exists():
        raise ValidationError({"hours": ["已有参训记录的学时超过此学时，请先修改参训记录"]})
    training.save()
    ensure_result_in_scope(training, actor)
    return training


@transaction.atomic
def training_create(*, actor, data: dict) -> Training:
    ensure_keeps_trainings(actor)
    return _save(Training(), dict(data), actor=actor)


@transaction.atomic
def training_update(*, actor, training: Training, data: dict) -> Training:
    ensure_keeps_trainings(actor)
    ensure_target_in_scope(training, actor)
    return _save(lock(training), dict(data), actor=actor)


def hours_text(hours) -> str:
    """16.0 → "16", 8.50 → "8.5"."""
    return f"{Decimal(hours).normalize():f}"


def check_hours(hours, training: Training, who: str = "") -> str | None:
    """Why ``hours`` cannot be recorded for ``training``, or None."""
    prefix = f"{who}：" if who else ""
    if hours < 0:
        return f"{prefix}学时不能为负数"
    if hours > training.hours:
        return f"{prefix}学时 {hours_text(hours)} 超过本班次学时 {hours_text(training.hours)}"
    if hours != round(hours, 1):
        return f"{prefix}学时最多保留一位小数"
    return None


def _workers_in_scope(actor, workers: list[PartyWorker]) -> None:
    ids = {worker.pk for worker in workers}
    visible = scoped(PartyWorker.objects.filter(pk__in=ids, state=WorkerState.ACTIVE), actor)
    if visible.count() != len(ids):
        raise OutOfScope("未找到该人员")


@transaction.atomic
def attendance_add(
    *, actor, training: Training, entries: list[tuple[PartyWorker, Decimal | None, bool | None]]
) -> list[TrainingAttendance]:
    """Record ``entries`` — (worker, hours or None for the session's, passed or None) — all
    or none: one refused entry (already recorded, named twice, hours over the session's)
    writes nothing and every reason is told."""
    ensure_keeps_trainings(actor)
    ensure_target_in_scope(training, actor)
    training = lock(training)
    if not entries:
        raise ValidationError({"workers": ["请选择参训人员"]})
    _workers_in_scope(actor, [worker for worker, _, _ in entries])
    recorded = set(
        TrainingAttendance.objects.filter(training=training).values_list("worker_id", flat=True)
    )
    errors, seen, rows = [], set(), []
    for worker, hours, passed in entries:
        hours = training.hours if hours is None else Decimal(hours)
        if worker.pk in recorded:
            errors.append(f"{worker.name}已在本班次登记参训，不能重复登记")
        elif worker.pk in seen:
            errors.append(f"{worker.name}重复选择")
        elif problem := check_hours(hours, training, worker.name):
            errors.append(problem)
        seen.add(worker.pk)
        rows.append(
            TrainingAttendance(training=training, worker=worker, hours=hours, passed=passed)
        )
    if errors:
        raise ValidationError(errors)
    for row in rows:
        row.full_clean(validate_unique=False)
        row.save()
    return rows


@transaction.atomic
def attendance_remove(*, actor, attendance: TrainingAttendance) -> None:
    ensure_keeps_trainings(actor)
    ensure_target_in_scope(attendance.training, actor)
    ensure_target_in_scope(attendance, actor)
    attendance.delete()

"""Writes of the party workers, 书记分级, the yearly 工作清单 and the year-end assessments
(WORK.md §4). Every write: the actor's role, the target in scope, ``full_clean`` before
``save``, the result still in scope (else the transaction rolls back)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core.pinyin import initials
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.workforce import assessment as rules
from liangxin.workforce.models import Instructor
from liangxin.workforce.models_people import (
    Assessment,
    Grade,
    PartyWorker,
    SecretaryGrade,
    WorkerRole,
    WorkerState,
    WorkList,
    WorkListEvidence,
    WorkListItem,
    WorkListState,
)
from liangxin.workforce.selectors_workers import own_workers

KIND = "instructors"  # district and town admins keep the workers (core.roles)
REFERENCES = ("region", "organization", "station", "enterprise", "instructor", "member")
TAKEN_LOGIN = "该登录账号已关联其他党务工作者"
WEIGHT_TOTAL = 100

# --- workers ------------------------------------------------------------------------------


def _save(instance, *, actor) -> None:
    instance.full_clean()
    instance.save()
    ensure_result_in_scope(instance, actor)


def _check_login(worker: PartyWorker) -> None:
    """Said here in words a keeper understands (the one-to-one's own message names fields)."""
    if worker.user_id is None:
        return
    taken = PartyWorker.objects.filter(user_id=worker.user_id).exclude(pk=worker.pk)
    if taken.exists():
        raise ValidationError({"user": [TAKEN_LOGIN]})


@transaction.atomic
def worker_create(*, actor, data: dict) -> PartyWorker:
    ensure_can_edit(actor, KIND)
    ensure_references_in_scope(actor, data, *REFERENCES)
    worker = PartyWorker()
    apply_fields(worker, dict(data))
    worker.name_initials = initials(worker.name)
    _check_login(worker)
    _save(worker, actor=actor)
    return worker


@transaction.atomic
def worker_update(*, actor, worker: PartyWorker, data: dict) -> PartyWorker:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(worker, actor)
    worker = lock(worker)
    ensure_references_in_scope(actor, data, *REFERENCES, instance=worker)
    apply_fields(worker, dict(data))
    worker.name_initials = initials(worker.name)
    _check_login(worker)
    _save(worker, actor=actor)
    return worker


@transaction.atomic
def worker_end(*, actor, worker: PartyWorker, ended_on: datetime.date | None) -> PartyWorker:
    """离岗: the station's post is free again for a new full-time worker (一站一岗)."""
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(worker, actor)
    worker = lock(worker)
    if worker.state == WorkerState.LEFT:
        raise ValidationError("该党务工作者已离岗")
    if ended_on is None:
        raise ValidationError({"ended_on": ["请填写离岗日期"]})
    worker.ended_on, worker.state = ended_on, WorkerState.LEFT
    _save(worker, actor=actor)
    return worker


@transaction.atomic
def worker_set_grade(*, actor, worker: PartyWorker, grade: str) -> PartyWorker:
    """书记分级 (A/B/C): only a secretary's; "" clears it."""
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(worker, actor)
    worker = lock(worker)
    if grade and grade not in SecretaryGrade.values:
        raise ValidationError({"secretary_grade": ["书记分级无效"]})
    if grade and worker.role not in (WorkerRole.SECRETARY, WorkerRole.DEPUTY_SECRETARY):
        raise ValidationError({"secretary_grade": ["只有书记（专职副书记）可以分级"]})
    worker.secretary_grade = grade
    _save(worker, actor=actor)
    return worker


# --- work lists ---------------------------------------------------------------------------


def _item_errors(items: list[dict]) -> list[str]:
    if not items:
        return ["请至少填写一项工作事项"]
    errors = []
    for number, item in enumerate(items, start=1):
        if not str(item.get("title", "")).strip():
            errors.append(f"第 {number} 项：请填写事项")
        weight = item.get("weight")
        if not isinstance(weight, int) or not 1 <= weight <= WEIGHT_TOTAL:
            errors.append(f"第 {number} 项：权重应为1到100之间的整数")
    total = sum(item["weight"] for item in items if isinstance(item.get("weight"), int))
    if not errors and total != WEIGHT_TOTAL:
        errors.append(f"各项权重合计应为100分，现为{total}分")
    return errors


def _write_items(work_list: WorkList, items: list[dict]) -> None:
    errors = _item_errors(items)
    if errors:
        raise ValidationError({"items": errors})
    work_list.items.all().delete()
    for position, item in enumerate(items, start=1):
        row = WorkListItem(
            work_list=work_list,
            title=item["title"].strip(),
            target=item.get("target", "").strip(),
            weight=item["weight"],
            due_on=item.get("due_on"),
            position=position,
        )
        row.full_clean()
        row.save()


def _check_worker(worker: PartyWorker) -> None:
    if not worker.full_time or worker.state != WorkerState.ACTIVE:
        raise ValidationError({"worker": ["工作清单只下达给在岗的专职党务工作者"]})


@transaction.atomic
def worklist_create(*, actor, worker: PartyWorker, year: int, items: list[dict]) -> WorkList:
    """A draft list of ``items`` (title, target, weight, due_on) for ``year``."""
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(worker, actor)
    _check_worker(worker)
    if WorkList.objects.filter(worker=worker, year=year).exists():
        raise ValidationError({"year": [f"{worker.name}{year}年已有工作清单，不能重复下达"]})
    work_list = WorkList(worker=worker, year=year)
    work_list.full_clean()
    work_list.save()
    _write_items(work_list, items)
    ensure_result_in_scope(work_list, actor)
    return work_list


def _editable(actor, work_list: WorkList) -> WorkList:
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(work_list, actor)
    return lock(work_list)


@transaction.atomic
def worklist_update_items(*, actor, work_list: WorkList, items: list[dict]) -> WorkList:
    work_list = _editable(actor, work_list)
    if work_list.state != WorkListState.DRAFT:
        raise ValidationError("清单已下达，不能再修改事项")
    _write_items(work_list, items)
    return work_list


def _issuer(actor) -> str:
    names = list(actor.regions.order_by("path").values_list("name", flat=True)[:1])
    return names[0] if names else str(actor)


@transaction.atomic
def worklist_issue(*, actor, work_list: WorkList, on: datetime.date | None = None) -> WorkList:
    """草稿 → 已下达."""
    work_list = _editable(actor, work_list)
    if work_list.state != WorkListState.DRAFT:
        raise ValidationError("只有草稿状态的清单可以下达")
    _check_worker(work_list.worker)
    errors = _item_errors([{"title": i.title, "weight": i.weight} for i in work_list.items.all()])
    if errors:
        raise ValidationError({"items": errors})
    work_list.state = WorkListState.ISSUED
    work_list.issued_on = on or timezone.localdate()
    work_list.issued_by = _issuer(actor)
    _save(work_list, actor=actor)
    return work_list


@transaction.atomic
def worklist_copy(*, actor, source: WorkList, year: int) -> WorkList:
    """Last year's list as the template of a new year's draft (progress starts at 0)."""
    ensure_target_in_scope(source, actor)
    items = [
        {
            "title": item.title,
            "target": item.target,
            "weight": item.weight,
            "due_on": _same_day(item.due_on, year - source.year),
        }
        for item in source.items.all()
    ]
    return worklist_create(actor=actor, worker=source.worker, year=year, items=items)


def _same_day(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _may_update_progress(actor, work_list: WorkList) -> None:
    ensure_target_in_scope(work_list, actor)
    own = own_workers(actor).filter(pk=work_list.worker_id).exists()
    if not own:
        ensure_can_edit(actor, KIND)


@transaction.atomic
def worklist_progress(
    *, actor, item: WorkListItem, progress, evidence: str = "", upload=None
) -> WorkListItem:
    """The worker (or the admin) reports an item's progress (0–100 %) and its evidence."""
    work_list = item.work_list
    _may_update_progress(actor, work_list)
    if lock(work_list).state != WorkListState.ISSUED:
        raise ValidationError("只有已下达、尚未考核的清单可以填报进度")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": ["完成进度应为0到100之间的整数"]})
    item = lock(item)
    item.progress, item.evidence = progress, evidence.strip()
    item.full_clean()
    item.save()
    if upload is not None:
        file = WorkListEvidence.from_upload(upload, user=actor, item=item)
        file.full_clean()
        file.save()
    return item


def worklist_score(work_list: WorkList) -> Decimal:
    return rules.list_score(work_list.items.values_list("weight", "progress"))


@transaction.atomic
def worklist_assess(
    *,
    actor,
    work_list: WorkList,
    assessor: str,
    assessor_grade: str = "",
    comment: str = "",
    assessed_on: datetime.date | None = None,
) -> Assessment:
    """Year-end: the list's score, its grade by the cut-offs, the assessor's grade over it
    (liangxin.workforce.assessment); the list becomes 已考核."""
    work_list = _editable(actor, work_list)
    if work_list.state != WorkListState.ISSUED:
        raise ValidationError("只有已下达的清单可以考核")
    if assessor_grade and assessor_grade not in Grade.values:
        raise ValidationError({"assessor_grade": ["考核等次无效"]})
    score = worklist_score(work_list)
    computed = rules.grade_for(score, rules.thresholds())
    found = Assessment.objects.filter(worker=work_list.worker, year=work_list.year).first()
    record = found or Assessment(worker=work_list.worker, year=work_list.year)
    record.list_score, record.assessor_grade = score, assessor_grade
    record.grade = rules.combine(computed, assessor_grade)
    record.assessor, record.comment = assessor.strip(), comment.strip()
    record.assessed_on = assessed_on or timezone.localdate()
    _save(record, actor=actor)
    work_list.state = WorkListState.ASSESSED
    _save(work_list, actor=actor)
    return record


# --- instructors' yearly assessment ---------------------------------------------------------


@transaction.atomic
def instructor_assess(
    *,
    actor,
    instructor: Instructor,
    year: int,
    grade: str,
    assessor: str = "",
    comment: str = "",
    assessed_on: datetime.date | None = None,
) -> Assessment:
    """The instructor's year, graded beside the visit record; again in the year replaces it."""
    ensure_can_edit(actor, KIND)
    ensure_target_in_scope(instructor, actor)
    if grade not in Grade.values:
        raise ValidationError({"grade": ["请选择考核等次"]})
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": ["考核年度无效"]})
    record = Assessment.objects.filter(instructor=instructor, year=year).first()
    record = record or Assessment(instructor=instructor, year=year)
    record.grade, record.assessor, record.comment = grade, assessor.strip(), comment.strip()
    record.assessed_on = assessed_on or timezone.localdate()
    _save(record, actor=actor)
    return record

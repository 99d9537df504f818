"""Writes of checklists, inspections and rectifications: keyword-only, atomic, role and scope
checked, ``full_clean()`` before save, each state change a typed event row (and the change
history of auditlog). Who may do what is ``permissions``; the rules of each step are here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core.services import ensure_references_in_scope, ensure_target_in_scope, lock
from liangxin.standards import auto, permissions
from liangxin.standards.models import (
    ChecklistEvent,
    ChecklistItem,
    ChecklistResult,
    ChecklistTemplate,
    EvidenceKind,
    Finding,
    Inspection,
    ItemEvidence,
    ItemResult,
    ItemState,
    Rectification,
    RectificationEvent,
    RectificationEvidence,
    RectificationState,
    ResultStatus,
)

EDITABLE_BY_ORGANIZATION = (ResultStatus.DRAFT, ResultStatus.RETURNED)


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- checklist versions (the district's data) -----------------------------------------------


def _ensure_draft(template: ChecklistTemplate) -> None:
    if template.published:
        raise ValidationError("已发布的版本不能修改：请先“生成新版本”，在新版本上修改")


@transaction.atomic
def template_new_version(*, actor, template: ChecklistTemplate) -> ChecklistTemplate:
    """A draft copy of ``template`` (items included), numbered after the name's last version."""
    _ensure(permissions.can_edit_templates(actor), "只有区级管理员可以修改标准化清单")
    versions = ChecklistTemplate.objects.filter(name=template.name)
    if versions.filter(published=False).exists():
        raise ValidationError(f"“{template.name}”已有未发布的草稿版本，请在草稿上修改")
    last = versions.order_by("-version").values_list("version", flat=True).first()
    draft = ChecklistTemplate(
        name=template.name,
        version=last + 1,
        effective_from=max(timezone.localdate(), template.effective_from),
        source=template.source,
        description=template.description,
    )
    draft.full_clean()
    draft.save()
    items = list(template.items.all())
    for item in items:
        item.pk, item.template = None, draft
    ChecklistItem.objects.bulk_create(items)
    return draft


@transaction.atomic
def template_publish(*, actor, template: ChecklistTemplate, effective_from) -> ChecklistTemplate:
    _ensure(permissions.can_edit_templates(actor), "只有区级管理员可以发布标准化清单")
    template = lock(template)
    _ensure_draft(template)
    if not template.items.exists():
        raise ValidationError("清单没有任何项目，不能发布")
    if effective_from is None:
        raise ValidationError({"effective_from": ["请填写生效日期"]})
    template.effective_from = effective_from
    template.published, template.published_on = True, timezone.localdate()
    template.full_clean()
    template.save()
    return template


ITEM_FIELDS = (
    "group",
    "text",
    "evidence_kind",
    "auto_source",
    "applies_to",
    "required",
    "order",
    "source",
)


def _check_auto_source(item: ChecklistItem) -> None:
    if (
        item.is_auto
        and auto.source_for(item.auto_source) is None
        and item.auto_source != (auto.LIFE_MEETINGS_HELD)
    ):
        raise ValidationError({"auto_source": [f"未知的自动数据来源：{item.auto_source}"]})


@transaction.atomic
def item_save(*, actor, template: ChecklistTemplate, data: dict, item=None) -> ChecklistItem:
    """Add an item to a draft version, or change one of its items."""
    _ensure(permissions.can_edit_templates(actor), "只有区级管理员可以修改标准化清单")
    template = lock(template)
    _ensure_draft(template)
    item = item or ChecklistItem(template=template)
    if item.template_id != template.pk:
        raise ValidationError("该项目不属于此版本")
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    if not item.is_auto:
        item.auto_source = ""
    _check_auto_source(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_delete(*, actor, item: ChecklistItem) -> None:
    _ensure(permissions.can_edit_templates(actor), "只有区级管理员可以修改标准化清单")
    _ensure_draft(lock(item.template))
    item.delete()


# --- an organization's checklist ------------------------------------------------------------


@transaction.atomic
def result_open(*, actor, organization, template: ChecklistTemplate, year: int):
    """The organization's result for the year (a draft, made on the first write)."""
    _ensure(permissions.can_self_check(actor), "您的角色不能填写标准化自查")
    ensure_references_in_scope(actor, {"organization": organization}, "organization")
    if not template.published:
        raise ValidationError("该清单版本尚未发布")
    result, _ = ChecklistResult.objects.get_or_create(
        organization=organization, template=template, year=year
    )
    return result


def _ensure_editable(result: ChecklistResult) -> None:
    if result.status not in EDITABLE_BY_ORGANIZATION:
        raise ValidationError(f"自查当前为“{result.get_status_display()}”，不能再修改")


def _applicable_item(result: ChecklistResult, item: ChecklistItem) -> ChecklistItem:
    if item.template_id != result.template_id or not item.applies(result.organization.kind):
        raise ValidationError("该项目不属于此清单或不适用于本组织")
    return item


def _item_result(result: ChecklistResult, item: ChecklistItem) -> ItemResult:
    found, _ = ItemResult.objects.get_or_create(result=result, item=item)
    return found


@transaction.atomic
def evidence_add(*, actor, result: ChecklistResult, item: ChecklistItem, upload) -> ItemEvidence:
    """A file for an evidence item; auto items are shown by the platform's data, never uploaded."""
    _ensure(permissions.can_self_check(actor), "您的角色不能上传佐证材料")
    ensure_target_in_scope(result, actor)
    result = lock(result)
    _ensure_editable(result)
    _applicable_item(result, item)
    if item.is_auto:
        raise ValidationError("自动项由平台已有数据判断，无需上传材料")
    if item.evidence_kind == EvidenceKind.NOTE:
        raise ValidationError("该项目请填写文字说明，无需上传文件")
    evidence = ItemEvidence.from_upload(upload, user=actor, item_result=_item_result(result, item))
    evidence.save()
    return evidence


@transaction.atomic
def item_self_check(
    *, actor, result: ChecklistResult, item: ChecklistItem, state: str, note: str = ""
) -> ItemResult:
    """The organization says an evidence item is met (with its evidence) or does not apply."""
    _ensure(permissions.can_self_check(actor), "您的角色不能填写标准化自查")
    ensure_target_in_scope(result, actor)
    result = lock(result)
    _ensure_editable(result)
    _applicable_item(result, item)
    if item.is_auto:
        raise ValidationError("自动项由平台已有数据判断，无需自查")
    found = _item_result(result, item)
    found.state, found.note = state, note.strip()
    if state == ItemState.MET:
        _ensure_evidence(found)
    if state == ItemState.NOT_APPLICABLE and not found.note:
        raise ValidationError({"note": ["选择“不适用”请写明原因"]})
    found.verifier, found.checked_on = None, None  # the town checks it anew
    found.full_clean()
    found.save()
    return found


def _ensure_evidence(found: ItemResult) -> None:
    if found.item.evidence_kind == EvidenceKind.NOTE:
        if not found.note:
            raise ValidationError({"note": ["请填写文字说明"]})
    elif not found.evidence.exists():
        raise ValidationError(
            f"“{found.item.text}”请先上传{found.item.get_evidence_kind_display()}"
        )


def _event(result: ChecklistResult, actor, comment: str = "") -> None:
    ChecklistEvent.objects.create(result=result, status=result.status, actor=actor, comment=comment)


def _save_status(result: ChecklistResult, actor, status: str, comment: str = ""):
    result.status = status
    result.full_clean()
    result.save()
    _event(result, actor, comment)
    return result


@transaction.atomic
def result_submit(*, actor, result: ChecklistResult) -> ChecklistResult:
    """Self-check done: every required evidence item answered. Auto items need nothing."""
    _ensure(permissions.can_self_check(actor), "您的角色不能提交标准化自查")
    ensure_target_in_scope(result, actor)
    result = lock(result)
    _ensure_editable(result)
    answered = set(result.items.exclude(state="").values_list("item_id", flat=True))
    missing = [
        item.text
        for item in _applicable_items(result)
        if item.required and not item.is_auto and item.pk not in answered
    ]
    if missing:
        raise ValidationError(f"以下项目尚未自查：{'、'.join(missing)}")
    result.submitted_on = timezone.localdate()
    return _save_status(result, actor, ResultStatus.SUBMITTED)


def _applicable_items(result: ChecklistResult) -> list[ChecklistItem]:
    kind = result.organization.kind
    return [item for item in result.template.items.all() if item.applies(kind)]


def _judged_by_platform(item: ChecklistItem) -> bool:
    return item.is_auto and auto.source_for(item.auto_source) is not None


@transaction.atomic
def result_return(*, actor, result: ChecklistResult, reason: str) -> ChecklistResult:
    _ensure(permissions.can_verify(actor), "只有镇（园区）或区级管理员可以核验")
    ensure_target_in_scope(result, actor)
    result = lock(result)
    if result.status != ResultStatus.SUBMITTED:
        raise ValidationError("只有已提交的自查可以退回")
    if not reason.strip():
        raise ValidationError({"reason": ["退回须写明原因"]})
    result.return_reason, result.verifier = reason.strip(), actor
    return _save_status(result, actor, ResultStatus.RETURNED, reason.strip())


@transaction.atomic
def item_verify(
    *, actor, result: ChecklistResult, item: ChecklistItem, state: str, note: str = ""
) -> ItemResult:
    """The town's word on one item (an evidence item, or an auto item whose source the
    platform does not hold yet)."""
    _ensure(permissions.can_verify(actor), "只有镇（园区）或区级管理员可以核验")
    ensure_target_in_scope(result, actor)
    result = lock(result)
    _applicable_item(result, item)
    if _judged_by_platform(item):
        raise ValidationError("自动项由平台已有数据判断")
    found = _item_result(result, item)
    found.state, found.verifier, found.checked_on = state, actor, timezone.localdate()
    if note.strip():
        found.note = note.strip()
    found.full_clean()
    found.save()
    return found


def unmet_items(result: ChecklistResult, as_of: datetime.date) -> list[ChecklistItem]:
    """The required items not met on ``as_of``: auto items from data, the others as judged."""
    items = _applicable_items(result)
    organizations = type(result.organization).objects.filter(pk=result.organization_id)
    platform = auto.met_by_item(items, organizations, as_of)
    states = dict(result.items.values_list("item_id", "state"))
    return [
        item
        for item in items
        if item.required
        and (
            result.organization_id not in platform[item.pk]
            if item.pk in platform
            else states.get(item.pk) not in (ItemState.MET, ItemState.NOT_APPLICABLE)
        )
    ]


@transaction.atomic
def result_verify(*, actor, result: ChecklistResult, on=None) -> ChecklistResult:
    """达标认定: every required item met on the day; the auto items' answers are kept."""
    _ensure(permissions.can_verify(actor), "只有镇（园区）或区级管理员可以核验")
    ensure_target_in_scope(result, actor)
    result = lock(result)
    on = on or timezone.localdate()
    if result.status != ResultStatus.SUBMITTED:
        raise ValidationError("只有已提交的自查可以认定达标")
    missing = unmet_items(result, on)
    if missing:
        raise ValidationError(f"以下项目未达标：{'、'.join(i.text for i in missing)}")
    for item in _applicable_items(result):
        if _judged_by_platform(item):
            found = _item_result(result, item)
            found.state, found.verifier, found.checked_on = ItemState.MET, actor, on
            found.note = "平台数据自动判断"
            found.save()
    result.met_on, result.verifier, result.return_reason = on, actor, ""
    return _save_status(result, actor, ResultStatus.MET)


# --- inspections ----------------------------------------------------------------------------

INSPECTION_FIELDS = (
    "kind",
    "held_on",
    "region",
    "team",
    "methods",
    "summary",
    "score",
    "notice_number",
)


@transaction.atomic
def inspection_create(*, actor, data: dict, targets) -> Inspection:
    _ensure(permissions.can_inspect(actor), "只有镇（园区）或区级管理员可以登记检查")
    ensure_references_in_scope(actor, {"region": data.get("region")}, "region")
    ensure_references_in_scope(actor, {"targets": list(targets)}, "targets")
    if not targets:
        raise ValidationError({"targets": ["请选择检查对象"]})
    inspection = Inspection(
        created_by=actor, **{k: data[k] for k in INSPECTION_FIELDS if k in data}
    )
    inspection.full_clean()
    inspection.save()
    inspection.targets.set(targets)
    return inspection


@transaction.atomic
def inspection_publish(*, actor, inspection: Inspection, notice_number: str = "") -> Inspection:
    """通报: the findings of a 暗访 reach the inspected organizations from now on."""
    _ensure(permissions.can_inspect(actor), "只有镇（园区）或区级管理员可以通报")
    ensure_target_in_scope(inspection, actor)
    inspection = lock(inspection)
    if inspection.published:
        raise ValidationError(f"该检查已于 {inspection.published_on:%Y-%m-%d} 通报")
    inspection.published, inspection.published_on = True, timezone.localdate()
    inspection.notice_number = notice_number.strip() or inspection.notice_number
    inspection.full_clean()
    inspection.save()
    return inspection


def _ensure_target(inspection: Inspection, organization) -> None:
    if not inspection.targets.filter(pk=organization.pk).exists():
        raise ValidationError({"organization": [f"{organization}不是该次检查的对象"]})


@transaction.atomic
def finding_add(*, actor, inspection: Inspection, organization, text: str, item=None, score=None):
    _ensure(permissions.can_inspect(actor), "只有镇（园区）或区级管理员可以录入检查发现")
    ensure_target_in_scope(inspection, actor)
    _ensure_target(inspection, organization)
    finding = Finding(
        inspection=inspection, organization=organization, item=item, text=text, score=score
    )
    finding.full_clean()
    finding.save()
    return finding


# --- rectifications -------------------------------------------------------------------------


def _move(rectification: Rectification, actor, state: str, comment: str = "") -> Rectification:
    rectification.state = state
    rectification.full_clean()
    rectification.save()
    RectificationEvent.objects.create(
        rectification=rectification, state=state, actor=actor, comment=comment
    )
    return rectification


def _ensure_state(rectification: Rectification, *states: str) -> None:
    if rectification.state not in states:
        raise ValidationError(f"整改事项{rectification.get_state_display()}，不能进行此操作")


@transaction.atomic
def rectification_create(
    *, actor, inspection: Inspection, organization, text: str, owner: str, due_on, finding=None
) -> Rectification:
    _ensure(permissions.can_inspect(actor), "只有镇（园区）或区级管理员可以下达整改")
    ensure_target_in_scope(inspection, actor)
    _ensure_target(inspection, organization)
    rectification = Rectification(
        inspection=inspection,
        organization=organization,
        finding=finding,
        text=text,
        owner=owner,
        due_on=due_on,
    )
    rectification.full_clean()
    rectification.save()
    RectificationEvent.objects.create(
        rectification=rectification, state=rectification.state, actor=actor
    )
    return rectification


@transaction.atomic
def rectification_start(*, actor, rectification: Rectification, comment: str = ""):
    """待整改 → 整改中: the organization takes it on."""
    _ensure(permissions.can_rectify(actor), "您的角色不能办理整改")
    ensure_target_in_scope(rectification, actor)
    rectification = lock(rectification)
    _ensure_state(rectification, RectificationState.OPEN)
    return _move(rectification, actor, RectificationState.IN_PROGRESS, comment)


@transaction.atomic
def rectification_evidence_add(*, actor, rectification: Rectification, upload):
    _ensure(permissions.can_rectify(actor), "您的角色不能上传整改佐证")
    ensure_target_in_scope(rectification, actor)
    rectification = lock(rectification)
    _ensure_state(rectification, RectificationState.OPEN, RectificationState.IN_PROGRESS)
    evidence = RectificationEvidence.from_upload(upload, user=actor, rectification=rectification)
    evidence.save()
    return evidence


@transaction.atomic
def rectification_request_acceptance(*, actor, rectification: Rectification, comment: str = ""):
    """整改中 → 待验收: only with evidence of what was done."""
    _ensure(permissions.can_rectify(actor), "您的角色不能办理整改")
    ensure_target_in_scope(rectification, actor)
    rectification = lock(rectification)
    _ensure_state(rectification, RectificationState.IN_PROGRESS)
    if not rectification.evidence.exists():
        raise ValidationError("请先上传整改佐证材料，再申请验收")
    return _move(rectification, actor, RectificationState.AWAITING, comment)


@transaction.atomic
def rectification_reject(*, actor, rectification: Rectification, reason: str):
    """待验收 → 整改中: not done yet, with the reason."""
    _ensure(permissions.can_inspect(actor), "只有镇（园区）或区级管理员可以验收")
    ensure_target_in_scope(rectification, actor)
    rectification = lock(rectification)
    _ensure_state(rectification, RectificationState.AWAITING)
    if not reason.strip():
        raise ValidationError({"reason": ["退回须写明原因"]})
    return _move(rectification, actor, RectificationState.IN_PROGRESS, reason.strip())


@transaction.atomic
def rectification_close(*, actor, rectification: Rectification, on=None, comment: str = ""):
    """待验收 → 已销号 by the town's verifier."""
    _ensure(permissions.can_inspect(actor), "只有镇（园区）或区级管理员可以验收销号")
    ensure_target_in_scope(rectification, actor)
    rectification = lock(rectification)
    _ensure_state(rectification, RectificationState.AWAITING)
    rectification.verifier, rectification.closed_on = actor, on or timezone.localdate()
    return _move(rectification, actor, RectificationState.CLOSED, comment)

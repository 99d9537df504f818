from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core.duplicates import ID_NUMBER_HELD_ELSEWHERE, scope_duplicate_key
from liangxin.core.people import apply_personal_data, pop_personal_data, rename_digest_errors
from liangxin.core.services import (
    OutOfScope,
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
    save_m2m,
)
from liangxin.workforce import selectors
from liangxin.workforce.models import (
    AssignedEnterprise,
    Assignment,
    AssignmentEvent,
    AssignmentState,
    Hazard,
    Instructor,
    Visit,
    VisitPhoto,
)
from liangxin.workforce.periods import term_end

M2M = ("enterprises",)


def _validate_and_save(instructor: Instructor, personal: dict, related: dict, *, actor) -> None:
    errors = {}
    try:
        apply_personal_data(instructor, personal, derive=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        instructor.full_clean(exclude=list(errors))
    except ValidationError as exc:
        # A number held by an instructor outside the actor's scope: refused without naming it.
        told = scope_duplicate_key(
            rename_digest_errors(exc),
            actor=actor,
            instance=instructor,
            field="id_number",
            lookup="id_number_digest",
            message=ID_NUMBER_HELD_ELSEWHERE,
        )
        for field, messages in told.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    instructor.save()
    save_m2m(instructor, related)


@transaction.atomic
def instructor_create(*, actor, data: dict) -> Instructor:
    ensure_can_edit(actor, "instructors")
    data = dict(data)
    personal = pop_personal_data(data)
    if not personal.get("id_number"):
        raise ValidationError({"id_number": ["请填写公民身份号码"]})
    instructor = Instructor()
    ensure_references_in_scope(actor, data, *M2M)
    related = apply_fields(instructor, data, m2m=M2M)
    _validate_and_save(instructor, personal, related, actor=actor)
    ensure_result_in_scope(instructor, actor)
    return instructor


@transaction.atomic
def instructor_update(*, actor, instructor: Instructor, data: dict) -> Instructor:
    ensure_can_edit(actor, "instructors")
    ensure_target_in_scope(instructor, actor)
    instructor = lock(instructor)
    data = dict(data)
    personal = {k: v for k, v in pop_personal_data(data).items() if k == "phone" or v}
    ensure_references_in_scope(actor, data, *M2M, instance=instructor)
    related = apply_fields(instructor, data, m2m=M2M)
    _validate_and_save(instructor, personal, related, actor=actor)
    ensure_result_in_scope(instructor, actor)
    return instructor


# --- appointments (派驻) ----------------------------------------------------------------------

ENDINGS = (AssignmentState.EXPIRED, AssignmentState.ADJUSTED, AssignmentState.RECALLED)


@transaction.atomic
def assignment_create(*, actor, instructor: Instructor, data: dict) -> Assignment:
    """派驻 an instructor; the term ends ``workforce.instructor_term_years`` after the start
    unless an end is given. The enterprises join the instructor's registry (their scope)."""
    ensure_can_edit(actor, "instructors")
    ensure_target_in_scope(instructor, actor)
    data = dict(data)
    if not data.get("enterprises"):
        raise ValidationError({"enterprises": ["请至少选择一家联系企业"]})
    ensure_references_in_scope(actor, data, "enterprises", "organizations")
    if data.get("starts_on") and not data.get("ends_on"):
        data["ends_on"] = term_end(data["starts_on"])
    data.setdefault("source", instructor.source)
    assignment = Assignment(instructor=instructor)
    related = apply_fields(assignment, data, m2m=("enterprises", "organizations"))
    assignment.full_clean()
    assignment.save()
    save_m2m(assignment, related)
    instructor.enterprises.add(*related["enterprises"])
    AssignmentEvent.objects.create(
        assignment=assignment, state=AssignmentState.ACTIVE, actor=actor, comment="派驻"
    )
    ensure_result_in_scope(assignment, actor)
    return assignment


def _release_enterprises(ended: Assignment) -> None:
    """The ended appointment's enterprises leave the instructor's registry (and so their
    scope) unless another appointment in force still holds them."""
    instructor = ended.instructor
    held = AssignedEnterprise.objects.filter(
        assignment__instructor=instructor, assignment__state=AssignmentState.ACTIVE
    ).values("enterprise_id")
    released = ended.enterprises.exclude(pk__in=held)
    instructor.enterprises.remove(*released)


@transaction.atomic
def assignment_end(
    *, actor, assignment: Assignment, state: str, reason: str = "", approver: str = ""
) -> Assignment:
    """在任 → 期满 | 调整 | 召回. An adjustment or a recall says why and who approved it."""
    ensure_can_edit(actor, "instructors")
    ensure_target_in_scope(assignment, actor)
    assignment = lock(assignment)
    if assignment.state != AssignmentState.ACTIVE:
        raise ValidationError(f"该派驻已是“{assignment.get_state_display()}”，不能再变更")
    if state not in ENDINGS:
        raise ValidationError({"state": ["请选择期满、调整或召回"]})
    errors = {}
    if state != AssignmentState.EXPIRED and not reason.strip():
        errors["reason"] = ["调整或召回须填写原因"]
    if state != AssignmentState.EXPIRED and not approver.strip():
        errors["approver"] = ["调整或召回须填写批准人"]
    if errors:
        raise ValidationError(errors)
    assignment.state = state
    assignment.full_clean()
    assignment.save(update_fields=["state", "updated_at"])
    _release_enterprises(assignment)
    event = AssignmentEvent(
        assignment=assignment,
        state=state,
        actor=actor,
        comment=reason.strip(),
        approver=approver.strip(),
    )
    event.full_clean()
    event.save()
    return assignment


# --- visits (工作日志) and hazards ------------------------------------------------------------


def _own_instructor(actor) -> Instructor:
    instructor = getattr(actor, "instructor", None) if actor is not None else None
    if instructor is None or not instructor.active:
        raise PermissionDenied("只有党建指导员本人可以填写工作日志")
    return instructor


def _assignment_for(instructor: Instructor, enterprise, on) -> Assignment:
    found = (
        Assignment.objects.filter(
            instructor=instructor,
            state=AssignmentState.ACTIVE,
            starts_on__lte=on,
            ends_on__gte=on,
            enterprises=enterprise,
        )
        .order_by("-starts_on")
        .first()
    )
    if found is None:
        raise ValidationError({"enterprise": ["该企业不在您走访日期当天在任的联系企业中"]})
    return found


def _hazard_errors(hazards: list[dict], visited_on) -> list[str]:
    errors = []
    for number, hazard in enumerate(hazards, start=1):
        if not (hazard.get("text") or "").strip():
            errors.append(f"第 {number} 条隐患：请填写隐患描述")
        due = hazard.get("rectify_by")
        if not due:
            errors.append(f"第 {number} 条隐患：请填写整改期限")
        elif visited_on and due < visited_on:
            errors.append(f"第 {number} 条隐患：整改期限不能早于走访日期")
    return errors


def _items_not_applying(actor, enterprise, items) -> list[str]:
    applying = set(
        selectors.checklist_items_for(user=actor, enterprise=enterprise).values_list(
            "pk", flat=True
        )
    )
    return [item.text for item in items if item.pk not in applying]


@transaction.atomic
def visit_record(
    *,
    actor,
    data: dict,
    hazards: list[dict] = (),
    closes: list[Hazard] = (),
    photos=(),
) -> Visit:
    """The instructor's log of one visit to an enterprise of theirs: the hazards found
    (each with a rectify-by date not before the visit), the earlier ones found fixed, photos."""
    instructor = _own_instructor(actor)
    data = dict(data)
    enterprise = data.get("enterprise")
    visited_on = data.get("visited_on")
    errors: dict[str, list[str]] = {}
    if visited_on and visited_on > timezone.localdate():
        errors["visited_on"] = ["走访日期不能晚于今天"]
    hazards = list(hazards)
    if hazard_errors := _hazard_errors(hazards, visited_on):
        errors["hazards"] = hazard_errors
    assignment = None
    if enterprise is not None and visited_on:
        try:
            assignment = _assignment_for(instructor, enterprise, visited_on)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if hazards:
        data["safety_checked"] = True  # hazards found means the check was made
    items = data.pop("checklist_items", [])
    if (
        items
        and enterprise is not None
        and (stray := _items_not_applying(actor, enterprise, items))
    ):
        errors["checklist_items"] = [f"清单项目不适用于该企业的党组织：{'、'.join(stray)}"]
    visit = Visit(instructor=instructor, assignment=assignment, **data)
    try:
        visit.full_clean(exclude=["assignment", *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    visit.save()
    visit.checklist_items.set(items)
    for hazard in hazards:
        Hazard.objects.create(
            visit=visit, text=hazard["text"].strip(), rectify_by=hazard["rectify_by"]
        )
    for hazard in closes:
        hazard_close(actor=actor, hazard=hazard, visit=visit)
    for upload in photos:
        VisitPhoto.from_upload(upload, user=actor, visit=visit).save()
    return visit


@transaction.atomic
def hazard_close(*, actor, hazard: Hazard, visit: Visit, rectified_on=None) -> Hazard:
    """销号 at a later visit (a later day: one visit a day) to the same enterprise by the
    instructor who found it."""
    instructor = _own_instructor(actor)
    hazard = Hazard.objects.select_for_update().select_related("visit").get(pk=hazard.pk)
    if hazard.visit.instructor_id != instructor.id or visit.instructor_id != instructor.id:
        raise OutOfScope("未找到该记录")
    if hazard.rectified_on is not None:
        raise ValidationError(f"隐患“{hazard.text}”已于 {hazard.rectified_on:%Y-%m-%d} 整改销号")
    if visit.enterprise_id != hazard.visit.enterprise_id:
        raise ValidationError(f"隐患“{hazard.text}”须在走访同一企业时复查")
    if visit.visited_on <= hazard.visit.visited_on:
        raise ValidationError(f"隐患“{hazard.text}”须在发现之后的走访中复查销号")
    rectified_on = rectified_on or visit.visited_on
    if not hazard.visit.visited_on <= rectified_on <= visit.visited_on:
        raise ValidationError("整改完成日期须在发现隐患与复查走访之间")
    hazard.rectified_on = rectified_on
    hazard.closed_at = visit
    hazard.full_clean()
    hazard.save(update_fields=["rectified_on", "closed_at"])
    return hazard

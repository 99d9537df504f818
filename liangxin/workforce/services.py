from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.duplicates import ID_NUMBER_HELD_ELSEWHERE, scope_duplicate_key
from liangxin.core.people import apply_personal_data, pop_personal_data, rename_digest_errors
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
    save_m2m,
)
from liangxin.workforce.models import Instructor

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

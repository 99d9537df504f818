from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.people import apply_personal_data, pop_personal_data, rename_digest_errors
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.members.models import Member


def _validate_and_save(member: Member, personal: dict) -> None:
    errors = {}
    try:
        apply_personal_data(member, personal, derive=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        member.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in rename_digest_errors(exc).message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    member.save()


@transaction.atomic
def member_create(*, actor, data: dict) -> Member:
    """Register a member. ``data`` may hold plaintext ``id_number`` and ``phone``."""
    ensure_can_edit(actor, "members")
    data = dict(data)
    personal = pop_personal_data(data)
    if not personal.get("id_number"):
        raise ValidationError({"id_number": ["请填写公民身份号码"]})
    member = Member()
    apply_fields(member, data)
    _validate_and_save(member, personal)
    ensure_result_in_scope(member, actor)
    return member


@transaction.atomic
def member_update(*, actor, member: Member, data: dict) -> Member:
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(member, actor)
    member = lock(member)
    data = dict(data)
    personal = {k: v for k, v in pop_personal_data(data).items() if k == "phone" or v}
    apply_fields(member, data)
    _validate_and_save(member, personal)
    ensure_result_in_scope(member, actor)
    return member

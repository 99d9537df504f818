from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core.audit import client_address, record_event
from liangxin.core.people import apply_personal_data, pop_personal_data, rename_digest_errors
from liangxin.core.services import (
    apply_fields,
    ensure_can_edit,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.members import conflicts
from liangxin.members.models import FlowType, Member


def _validate_and_save(member: Member, personal: dict, *, actor) -> None:
    errors = {}
    try:
        apply_personal_data(member, personal, derive=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        member.full_clean(exclude=list(errors))
    except ValidationError as exc:
        told = _told_duplicates(rename_digest_errors(exc), member, actor)
        for field, messages in told.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    member.save()


def _check_abroad(member: Member, data: dict) -> None:
    """在国（境）外 describes a floating member (RULES.md "Mobile members": members abroad
    are contacted at least every 6 months). A member whose management type changes away
    from 流动 in this write is no longer abroad for the rule; marking a member who is not
    流动 as abroad is refused, not stored where no rule reads it."""
    if not member.abroad or member.flow_type == FlowType.FLOATING:
        return
    if "abroad" not in data and "flow_type" in data:
        member.abroad = False
        return
    raise ValidationError(
        {"abroad": ["只有管理类型为“流动”的党员可以登记为在国（境）外，请先将管理类型改为“流动”"]}
    )


def _told_duplicates(exc: ValidationError, member: Member, actor) -> ValidationError:
    """A number held by a member outside the actor's scope reads as the neutral refusal."""
    if "id_number" not in getattr(exc, "error_dict", {}):
        return exc
    holder = conflicts.holder_of(member.id_number_digest, exclude_member=member.pk)
    return conflicts.scope_duplicate_errors(exc, actor=actor, holder=holder)


def member_create(*, actor, data: dict, source: str | None = None) -> Member:
    """Register a member. ``data`` may hold plaintext ``id_number`` and ``phone``.

    A number held outside the actor's scope is refused without saying by what, and
    the conflict is recorded after the write's transaction has rolled back."""
    with conflicts.conflicts_reported(
        actor=actor,
        source=source or conflicts.source_of_channel(),
        number=data.get("id_number"),
        name=data.get("name", ""),
        organization=data.get("organization"),
    ):
        return _member_create(actor=actor, data=data)


@transaction.atomic
def _member_create(*, actor, data: dict) -> Member:
    ensure_can_edit(actor, "members")
    data = dict(data)
    personal = pop_personal_data(data)
    if not personal.get("id_number"):
        raise ValidationError({"id_number": ["请填写公民身份号码"]})
    member = Member()
    ensure_references_in_scope(actor, data, "employer")
    apply_fields(member, data)
    _check_abroad(member, data)
    _validate_and_save(member, personal, actor=actor)
    ensure_result_in_scope(member, actor)
    return member


def member_update(*, actor, member: Member, data: dict) -> Member:
    with conflicts.conflicts_reported(
        actor=actor,
        source=conflicts.source_of_channel(),
        number=data.get("id_number"),
        name=data.get("name") or member.name,
        organization=data.get("organization") or member.organization,
        exclude={"exclude_member": member.pk},
    ):
        return _member_update(actor=actor, member=member, data=data)


@transaction.atomic
def _member_update(*, actor, member: Member, data: dict) -> Member:
    ensure_can_edit(actor, "members")
    ensure_target_in_scope(member, actor)
    member = lock(member)
    data = dict(data)
    personal = {k: v for k, v in pop_personal_data(data).items() if k == "phone" or v}
    ensure_references_in_scope(actor, data, "employer", instance=member)
    apply_fields(member, data)
    _check_abroad(member, data)
    _validate_and_save(member, personal, actor=actor)
    ensure_result_in_scope(member, actor)
    return member


def record_member_view(request, member) -> None:
    """A member's record shows personal data (masked): each look at it, page or API, is an
    audit entry."""
    record_event(
        request.user,
        action="view",
        target=member,
        summary="查看党员详情",
        remote_addr=client_address(request),
    )

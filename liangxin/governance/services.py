"""Writes of the committees (keyword-only, atomic, validated, in scope; the audit log keeps
the history). An illegal write is refused with a Chinese message and nothing is saved."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from liangxin.core.services import (
    OutOfScope,
    ensure_references_in_scope,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.governance import permissions
from liangxin.governance.models import CommitteeMember

FIELDS = (
    "member", "name", "party_post", "duty", "company_title", "on_board", "management",
    "on_supervisory_board", "in_union", "term_started_on", "note",
)  # fmt: skip


def _require_keeper(actor) -> None:
    if not permissions.can_keep(actor):
        raise PermissionDenied("您的角色不能维护党组织班子成员")


def _overlapping(row: CommitteeMember):
    """Other terms of the same person on the same committee that share a day with ``row``."""
    same = Q(member=row.member) if row.member_id else Q(member__isnull=True, name=row.name)
    others = CommitteeMember.objects.filter(same, organization=row.organization).exclude(pk=row.pk)
    others = others.filter(
        Q(term_ended_on__isnull=True) | Q(term_ended_on__gte=row.term_started_on)
    )
    if row.term_ended_on is not None:
        others = others.filter(term_started_on__lte=row.term_ended_on)
    return others


def _check(row: CommitteeMember) -> None:
    errors = {}
    if row.member_id is not None:
        member = row.member
        if not member.organization.path.startswith(row.organization.path):
            errors["member"] = "该党员的组织关系不在本党组织（或其下级组织），不能进入本组织班子"
        row.name = member.name
    if not row.name:
        errors["name"] = "请选择党员或填写姓名"
    if errors:
        raise ValidationError(errors)
    if _overlapping(row).exists():
        raise ValidationError(
            {
                "member"
                if row.member_id
                else "name": "该成员在此期间已是本组织班子成员，不能重复添加"
            }
        )
    row.full_clean()


@transaction.atomic
def committee_member_save(*, actor, organization, row: CommitteeMember | None = None, **data):
    """Add a member to ``organization``'s committee (no ``row``) or correct ``row``."""
    _require_keeper(actor)
    ensure_target_in_scope(organization, actor)
    if row is not None:
        ensure_target_in_scope(row, actor)
        row = lock(row)
        if row.organization_id != organization.pk:
            raise OutOfScope("未找到该记录")
    else:
        row = CommitteeMember(organization=organization)
    ensure_references_in_scope(actor, data, "member", instance=row if row.pk else None)
    for name in FIELDS:
        if name in data:
            value = data[name]
            setattr(row, name, value.strip() if isinstance(value, str) else value)
    if row.member is None:
        row.name = row.name or ""
    _check(row)
    _write(row)
    ensure_result_in_scope(row, actor)
    return row


def _write(row: CommitteeMember) -> None:
    """Save; a concurrent write that beat the checks meets the named constraints."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError("该成员或书记已在任（可能刚被他人添加），请刷新后核对") from exc


@transaction.atomic
def committee_member_end(
    *, actor, row: CommitteeMember, term_ended_on: datetime.date, end_reason: str = ""
):
    """登记离任: the row stays, as the history of the committee."""
    _require_keeper(actor)
    ensure_target_in_scope(row, actor)
    row = lock(row)
    if row.term_ended_on is not None:
        raise ValidationError({"term_ended_on": "该成员已登记离任"})
    row.term_ended_on = term_ended_on
    row.end_reason = (end_reason or "").strip()
    _check(row)
    _write(row)
    return row

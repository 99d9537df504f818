"""An ID number already held outside the caller's scope: what the caller is told, and
the conflict row that carries the collision to a district admin.

Inside the caller's scope the message names what holds the number ("已登记为党员"):
the caller can open that record anyway. Outside it, every path (form, API, ledger
import, development case) answers the same neutral sentence, ``CONFLICT_MESSAGE``,
and records an ``IdentityConflict``.

What still leaks, on purpose: that *this caller cannot register this number*. The
registration did not go through and the user must know it; a number nobody holds
registers fine, so the refusal itself tells that something holds it. It never tells
what (a member, an applicant, a pending conflict all read alike), nor the name,
organization or town of that record. Every such refusal is a conflict row with the
caller's account and a count of attempts, so probing numbers one by one shows up on
the district admin's page instead of going unseen.
"""

import contextlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from liangxin.core import pii
from liangxin.core.audit import CHANNEL_API, CHANNEL_IMPORT, current_channel, record_event
from liangxin.core.contributions import slot
from liangxin.core.models import DUPLICATE_ID_NUMBER
from liangxin.core.roles import Role
from liangxin.core.scoping import in_scope, scoped
from liangxin.core.services import lock
from liangxin.core.validators import validate_id_number
from liangxin.members.models import (
    ConflictHolder,
    ConflictSource,
    IdentityConflict,
    Member,
)
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

CONFLICT_MESSAGE = "该公民身份号码无法登记，已提交区级管理员核处"
MEMBER_TAKEN = "该公民身份号码已登记为党员"


# --- what the caller is told ----------------------------------------------------------


def taken_message(actor, holder, in_scope_message: str) -> str:
    """The duplicate-number message ``actor`` may read about ``holder``."""
    if actor is not None and in_scope(holder, actor):
        return in_scope_message
    return CONFLICT_MESSAGE


def is_conflict(exc: ValidationError) -> bool:
    """Did a service refuse an ID number held outside the caller's scope?"""
    if not hasattr(exc, "error_dict"):
        return False
    return CONFLICT_MESSAGE in exc.message_dict.get("id_number", [])


def scope_duplicate_errors(exc: ValidationError, *, actor, holder) -> ValidationError:
    """``exc`` (from ``rename_digest_errors``) with its duplicate-number error told as
    ``actor`` may read it: the constraint's own message names the record's kind."""
    if holder is None or not hasattr(exc, "error_dict"):
        return exc
    errors = {field: list(items) for field, items in exc.error_dict.items()}
    errors["id_number"] = [
        ValidationError(taken_message(actor, holder, error.message), code=error.code)
        if error.code == DUPLICATE_ID_NUMBER
        else error
        for error in errors.get("id_number", [])
    ]
    if not errors["id_number"]:
        del errors["id_number"]
    return ValidationError(errors)


# --- recording the conflict -----------------------------------------------------------


def source_of_channel() -> str:
    channel = current_channel().get("channel")
    if channel == CHANNEL_API:
        return ConflictSource.API
    if channel == CHANNEL_IMPORT:
        return ConflictSource.IMPORT
    return ConflictSource.FORM


@dataclass(frozen=True)
class Holders:
    """One kind of record that holds ID numbers: members (``MEMBERS``), and the kinds the
    apps above add to the ``id_number_holders`` slot (development's open cases). Each
    has a ``public_id``, an ``organization`` and a page; ``holding`` tells which of its
    records hold their number (a closed case no longer does)."""

    kind: str  # ConflictHolder
    model: type[Model]
    url_name: str  # the record's page, by public_id
    exclude_keyword: str  # holder_of(..., <keyword>=pk) leaves out the record being edited
    holding: Q = field(default_factory=Q)

    def holder_of(self, digest: str, exclude=None):
        records = self.model.objects.select_related("organization").filter(
            self.holding, id_number_digest=digest
        )
        if exclude is not None:
            records = records.exclude(pk=exclude)
        return records.first()


MEMBERS = Holders(
    kind=ConflictHolder.MEMBER,
    model=Member,
    url_name="members:detail",
    exclude_keyword="exclude_member",
)


def holder_kinds() -> list[Holders]:
    """Members first, then the contributed kinds in INSTALLED_APPS order."""
    return [MEMBERS, *slot("id_number_holders")]


def holder_of(digest: str, **exclude):
    """The record holding the number: a member first, else an open development case.
    ``exclude`` names the record being edited (``exclude_member=``, ``exclude_case=``)."""
    kinds = holder_kinds()
    unknown = set(exclude) - {kind.exclude_keyword for kind in kinds}
    if unknown:
        raise TypeError(f"holder_of() got unexpected keyword arguments {sorted(unknown)}")
    for kind in kinds:
        holder = kind.holder_of(digest, exclude.get(kind.exclude_keyword))
        if holder is not None:
            return holder
    return None


def _kind_of(holder) -> Holders:
    return next(kind for kind in holder_kinds() if isinstance(holder, kind.model))


def _holder_fields(holder) -> dict:
    return {
        "holder_kind": _kind_of(holder).kind,
        "holder_public_id": holder.public_id,
        "holder_region_id": holder.organization.region_id,
    }


@transaction.atomic
def identity_conflict_report(
    *, actor, source: str, digest: str, masked: str, holder, name: str = "", organization=None
) -> IdentityConflict:
    """One open row per caller, number and holder: a repeated attempt counts up."""
    open_rows = IdentityConflict.objects.filter(
        id_number_digest=digest,
        reported_by=actor,
        holder_public_id=holder.public_id,
        resolved_at__isnull=True,
    )
    now = timezone.now()
    if open_rows.update(attempts=F("attempts") + 1, last_reported_at=now):
        return open_rows.first()
    conflict = IdentityConflict(
        id_number_digest=digest,
        id_number_masked=masked,
        source=source,
        reported_by=actor,
        last_reported_at=now,
        attempted_name=(name or "")[:50],
        attempted_organization=organization,
        attempted_region_id=organization.region_id if organization else _home_region(actor),
        **_holder_fields(holder),
    )
    conflict.full_clean()
    conflict.save()
    return conflict


def _home_region(actor):
    """Where a caller without a chosen organization registers: its first region."""
    regions = getattr(actor, "regions", None)
    first = regions.order_by("path").first() if regions is not None else None
    return first.pk if first else None


def report_refused_number(
    *, actor, source: str, number, name="", organization=None, exclude: dict | None = None
):
    """After a service refused ``number`` with ``CONFLICT_MESSAGE`` (its transaction rolled
    back): record the conflict in a transaction of its own so that it stays. ``number``
    may be a callable (a stored number decrypted only when a conflict is recorded)."""
    if callable(number):
        number = number()
    try:
        number = validate_id_number(number)
    except ValidationError:
        return None
    digest = pii.blind_index(number)
    holder = holder_of(digest, **(exclude or {}))
    if holder is None:  # released meanwhile: nothing left to resolve
        return None
    return identity_conflict_report(
        actor=actor,
        source=source,
        digest=digest,
        masked=pii.mask_id_number(number),
        holder=holder,
        name=name,
        organization=organization,
    )


@contextlib.contextmanager
def conflicts_reported(
    *, actor, source: str, number, name="", organization=None, exclude: dict | None = None
):
    """Around a write service's transaction (never inside it, or the row would roll back
    with the write): a refusal with ``CONFLICT_MESSAGE`` leaves a conflict row.
    ``exclude`` names the record being edited (``exclude_member=`` / ``exclude_case=``)."""
    try:
        yield
    except ValidationError as exc:
        if is_conflict(exc):
            report_refused_number(
                actor=actor,
                source=source,
                number=number,
                name=name,
                organization=organization,
                exclude=exclude,
            )
        raise


# --- the district admin's list ----------------------------------------------------------


def can_resolve_conflicts(user) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT_ADMIN


def conflict_list(*, user) -> QuerySet:
    if not can_resolve_conflicts(user):
        return IdentityConflict.objects.none()
    queryset = IdentityConflict.objects.select_related(
        "reported_by", "resolved_by", "attempted_organization", "holder_region"
    )
    return scoped(queryset, user)


@transaction.atomic
def identity_conflict_resolve(*, actor, conflict: IdentityConflict, note: str) -> IdentityConflict:
    """Mark the conflict resolved with what was done (merged, number corrected, …)."""
    if not can_resolve_conflicts(actor):
        raise PermissionDenied("只有区级管理员可以核处身份号码冲突")
    conflict = lock(conflict)
    if not in_scope(conflict, actor):
        raise PermissionDenied("未找到该记录")
    if conflict.resolved_at is not None:
        raise ValidationError({"resolution_note": ["该冲突已核处"]})
    conflict.resolution_note = (note or "").strip()
    if not conflict.resolution_note:
        raise ValidationError({"resolution_note": ["请填写核处说明"]})
    conflict.resolved_by = actor
    conflict.resolved_at = timezone.now()
    conflict.full_clean()
    conflict.save()
    record_event(actor, action="resolve_conflict", target=conflict, summary="核处身份号码冲突")
    return conflict


def report_import_conflicts(*, actor, rows) -> int:
    """The member ledger's rows refused with ``CONFLICT_MESSAGE`` (``row.existing`` is the
    holder): one conflict each. Called while the file is checked, before and outside
    the import's write transaction, so a refused file still leaves its conflicts; a
    preview and its confirmation count as two attempts on the same row."""
    refused = [
        row
        for row in rows
        if row.existing is not None and any(e.reason == CONFLICT_MESSAGE for e in row.errors)
    ]
    if actor is None or not refused:
        return 0
    holders = Member.objects.select_related("organization").in_bulk(
        [row.existing.pk for row in refused]
    )
    organizations = _organizations([row.values.get("organization_id") for row in refused])
    for row in refused:
        holder = holders.get(row.existing.pk)
        if holder is None:  # deleted meanwhile: nothing left to resolve
            continue
        identity_conflict_report(
            actor=actor,
            source=ConflictSource.IMPORT,
            digest=row.values["id_number_digest"],
            masked=row.values["id_number_masked"],
            holder=holder,
            name=row.values.get("name") or "",
            organization=organizations.get(row.values.get("organization_id")),
        )
    return len(refused)


def _organizations(ids) -> dict:
    return PartyOrganization.objects.in_bulk({i for i in ids if i})


HIDDEN = "（不在您的管辖范围内）"


def conflict_rows(items: list[IdentityConflict], *, user) -> list[dict]:
    """What the page shows of each side: only what lies inside the viewer's scope."""
    public_ids = [c.holder_public_id for c in items]
    holders = {}
    for kind in holder_kinds():
        records = scoped(kind.model.objects.filter(public_id__in=public_ids), user)
        holders |= {r.public_id: r for r in records.select_related("organization")}
    visible_regions = _visible_region_ids(items, user)
    return [_row(c, holders.get(c.holder_public_id), visible_regions) for c in items]


def _visible_region_ids(items, user) -> set:
    ids = {c.attempted_region_id for c in items} - {None}
    return set(scoped(Region.objects.filter(pk__in=ids), user).values_list("pk", flat=True))


def _row(conflict: IdentityConflict, holder, visible_regions: set) -> dict:
    attempted_visible = conflict.attempted_region_id in visible_regions
    organization = conflict.attempted_organization
    return {
        "conflict": conflict,
        "reporter": conflict.reported_by.username if conflict.reported_by else "—",
        "attempted_name": conflict.attempted_name if attempted_visible else HIDDEN,
        "attempted_organization": (organization.name if organization else "—")
        if attempted_visible
        else HIDDEN,
        "holder": holder,
        "holder_label": f"{holder.name}（{holder.organization.name}）" if holder else HIDDEN,
        "holder_url": _holder_url(conflict, holder),
    }


def _holder_url(conflict: IdentityConflict, holder) -> str:
    if holder is None:
        return ""
    kind = next(kind for kind in holder_kinds() if kind.kind == conflict.holder_kind)
    return reverse(kind.url_name, args=[holder.public_id])

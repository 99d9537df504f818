"""Writes for mobile members and transfers (keyword-only, atomic, full_clean before save).

Who may write: roles that edit members (accounts.roles "members"), inside
their scope. Transfers have two sides: the issuing side (the organization the
letter leaves, or for a letter from outside the organization recording it) and
the receiving side (the organization it goes to, or for a letter to outside
the issuing side recording the receipt). Only the receiving side receives or
returns a letter.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from liangxin.core import pii
from liangxin.core.people import apply_personal_data
from liangxin.core.scoping import scoped
from liangxin.core.services import (
    ensure_can_edit,
    ensure_result_in_scope,
    ensure_target_in_scope,
    lock,
)
from liangxin.core.validators import validate_id_number
from liangxin.members.models import FlowType, Member
from liangxin.members.services import member_update
from liangxin.mobility.deadlines import letter_valid_until
from liangxin.mobility.models import (
    ContactLog,
    DualManagementAgreement,
    InflowPerson,
    InflowRegistration,
    MobileProfile,
    Transfer,
    TransferDirection,
    TransferEvent,
    TransferEventKind,
    TransferState,
)
from liangxin.organizations.models import PartyOrganization

EDIT_KIND = "members"
# A stored "expired" letter may still be received if the receipt date lies within validity
# (the expiry job ran before the receipt was recorded).
RECEIVABLE_STATES = (TransferState.ISSUED, TransferState.IN_TRANSIT, TransferState.EXPIRED)


# --- shared helpers ------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _not_in_future(field: str, day: datetime.date | None) -> None:
    if day and day > _today():
        raise ValidationError({field: ["日期不能晚于今天"]})


def _save(instance, *, general_errors_on: str | None = None) -> None:
    """full_clean then save; errors about the whole record may be shown next to one field."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise _moved(exc, general_errors_on) from exc
    instance.save()


def _moved(exc: ValidationError, field: str | None) -> ValidationError:
    if field is None or not hasattr(exc, "error_dict"):
        return exc
    errors = {name: list(items) for name, items in exc.error_dict.items()}
    general = errors.pop(NON_FIELD_ERRORS, [])
    if general:
        errors.setdefault(field, []).extend(general)
    return ValidationError(errors)


def _ensure_unused(model, field: str, value, message: str) -> None:
    """Named before save, so the message sits next to the field typed (not above the form)."""
    if value and model.objects.filter(**{field: value}).exists():
        raise ValidationError({field: [message]})


def _ensure_member(actor, member: Member | None) -> Member:
    if member is None:
        raise ValidationError({"member": ["请选择党员"]})
    ensure_target_in_scope(member, actor)
    return member


# --- 流入: dual-management agreements --------------------------------------------------


AGREEMENT_FIELDS = (
    "number",
    "signed_on",
    "home_organization_name",
    "home_organization_code",
    "note",
)


@transaction.atomic
def agreement_create(*, actor, data: dict) -> DualManagementAgreement:
    """丹东: an inflow member's 双重管理协议 (number, date, the home organization)."""
    ensure_can_edit(actor, EDIT_KIND)
    member = _ensure_member(actor, data.get("member"))
    if member.flow_type != FlowType.INFLOW:
        raise ValidationError({"member": ["只有管理类型为“流入”的党员需要签订双重管理协议"]})
    _not_in_future("signed_on", data.get("signed_on"))
    _ensure_unused(DualManagementAgreement, "number", data.get("number"), "该协议编号已登记")
    agreement = DualManagementAgreement(
        member=member, **{name: data[name] for name in AGREEMENT_FIELDS if name in data}
    )
    _save(agreement, general_errors_on="member")
    ensure_result_in_scope(agreement, actor)
    return agreement


@transaction.atomic
def agreement_mark_transferred_in(
    *, actor, agreement: DualManagementAgreement, transferred_in_on: datetime.date
) -> DualManagementAgreement:
    """The relation arrived: the agreement leaves the list and the member is managed as 在职."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(agreement, actor)
    agreement = lock(agreement)
    if agreement.transferred_in_on:
        raise ValidationError({"transferred_in_on": ["该协议已登记组织关系转入"]})
    _not_in_future("transferred_in_on", transferred_in_on)
    agreement.transferred_in_on = transferred_in_on
    _save(agreement, general_errors_on="transferred_in_on")
    if agreement.member.flow_type == FlowType.INFLOW:
        member_update(actor=actor, member=agreement.member, data={"flow_type": FlowType.REGULAR})
    return agreement


# --- 流动: contacts and where the member is away -----------------------------------------


@transaction.atomic
def contact_record(*, actor, data: dict) -> ContactLog:
    """One contact with a member; the same member and day twice is refused (the ledger updates)."""
    ensure_can_edit(actor, EDIT_KIND)
    member = _ensure_member(actor, data.get("member"))
    _not_in_future("contacted_on", data.get("contacted_on"))
    contact = ContactLog(
        member=member,
        contacted_on=data.get("contacted_on"),
        method=data.get("method") or ContactLog._meta.get_field("method").default,
        contacted_by=actor,
        contact_name=data.get("contact_name") or _display_name(actor),
        note=data.get("note") or "",
    )
    _save(contact, general_errors_on="contacted_on")
    ensure_result_in_scope(contact, actor)
    return contact


def _display_name(user) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:50]


@transaction.atomic
def mobile_profile_save(*, actor, member: Member, data: dict) -> MobileProfile:
    """Where a floating member is away, since when (for the place-based lists), and whether
    abroad (RULES.md "Mobile members": contacted at least every 6 months instead of 3)."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(member, actor)
    _not_in_future("away_since", data.get("away_since"))
    profile = MobileProfile.objects.select_for_update().filter(member=member).first()
    profile = profile or MobileProfile(member=member)
    profile.away_place = (data.get("away_place") or "").strip()
    profile.away_since = data.get("away_since")
    _save(profile)
    if "abroad" in data and data["abroad"] != member.abroad:
        # The member's service holds the rule (only a floating member is abroad).
        member_update(actor=actor, member=member, data={"abroad": data["abroad"]})
    return profile


# --- 川姜: inflow registrations from three sources, merged by the ID number ----------------


@transaction.atomic
def inflow_register(*, actor, data: dict) -> InflowRegistration:
    """Attach a registration to the one person with this ID number (created on first sight).

    The person is found by the blind index, so a second source never makes a
    second person: counts are over persons, each keeps every source.
    """
    ensure_can_edit(actor, EDIT_KIND)
    number = _checked_id_number(data.get("id_number"))
    name = (data.get("name") or "").strip()
    _not_in_future("registered_on", data.get("registered_on"))
    employer = data.get("employer")
    registration = InflowRegistration(
        source=data.get("source") or "",
        name_as_registered=name,
        registered_on=data.get("registered_on"),
        region=data.get("region") or (employer.region if employer else None),
        employer=employer,
        address_note=data.get("address_note") or "",
        registered_by=actor,
    )
    _check_registration_fields(registration)
    registration.person = _person_for(number, name=name, phone=data.get("phone"))
    _save(registration, general_errors_on="registered_on")
    ensure_result_in_scope(registration, actor)
    return registration


def _checked_id_number(value) -> str:
    if not value:
        raise ValidationError({"id_number": ["请填写公民身份号码"]})
    try:
        return validate_id_number(value)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc


def _check_registration_fields(registration: InflowRegistration) -> None:
    """Every field error at once, before the person is looked up or created."""
    try:
        registration.full_clean(exclude=["person"], validate_constraints=False)
    except ValidationError as exc:
        raise _renamed_region(exc) from exc


def _renamed_region(exc: ValidationError) -> ValidationError:
    errors = {name: list(items) for name, items in exc.error_dict.items()}
    if "region" in errors:
        errors["region"] = ["请填写登记区域（或用工单位）"]
    return ValidationError(errors)


def _person_for(number: str, *, name: str, phone: str | None) -> InflowPerson:
    digest = pii.blind_index(number)
    person = InflowPerson.objects.select_for_update().filter(id_number_digest=digest).first()
    if person is None:
        person = _new_person(number, digest, name=name, phone=phone)
    elif person.member_id is None:
        _link_member(person, digest)
    return person


def _new_person(number: str, digest: str, *, name: str, phone: str | None) -> InflowPerson:
    person = InflowPerson(name=name)
    apply_personal_data(person, {"id_number": number, "phone": phone or ""}, derive=False)
    person.member = Member.objects.filter(id_number_digest=digest).first()
    person.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # savepoint: a concurrent registration may have won
            person.save()
    except IntegrityError:
        return InflowPerson.objects.select_for_update().get(id_number_digest=digest)
    return person


def _link_member(person: InflowPerson, digest: str) -> None:
    """A member registered after the first finding is linked on the next one."""
    member_id = Member.objects.filter(id_number_digest=digest).values_list("pk", flat=True).first()
    if member_id is not None:
        person.member_id = member_id
        person.save(update_fields=["member", "updated_at"])


# --- 组织关系转接 --------------------------------------------------------------------------


TRANSFER_FIELDS = (
    "member",
    "person_name",
    "reason",
    "letter_number",
    "issued_on",
    "from_organization",
    "from_organization_name",
    "to_organization",
    "to_organization_name",
    "note",
)


@transaction.atomic
def transfer_issue(*, actor, data: dict) -> Transfer:
    """Open a letter: out of a platform organization, or in from outside the platform."""
    ensure_can_edit(actor, EDIT_KIND)
    transfer = Transfer(**{name: data[name] for name in TRANSFER_FIELDS if name in data})
    _strip_names(transfer)
    if transfer.member is not None:
        ensure_target_in_scope(transfer.member, actor)
    _fill_origin(transfer)
    _check_sides(transfer)
    _ensure_side_in_scope(issuing_side(transfer), actor, field=_issuing_field(transfer))
    _not_in_future("issued_on", transfer.issued_on)
    _ensure_unused(Transfer, "letter_number", transfer.letter_number, "该介绍信编号已登记")
    if transfer.issued_on:
        transfer.valid_until = letter_valid_until(transfer.issued_on)
    transfer.state = TransferState.ISSUED
    _save(transfer, general_errors_on="member" if transfer.member else "letter_number")
    _event(transfer, TransferEventKind.ISSUED, actor, transfer.issued_on)
    return transfer


def _strip_names(transfer: Transfer) -> None:
    for name in ("person_name", "from_organization_name", "to_organization_name", "letter_number"):
        setattr(transfer, name, (getattr(transfer, name) or "").strip())


def _fill_origin(transfer: Transfer) -> None:
    """A member's letter leaves the organization holding the relation unless said otherwise."""
    member = transfer.member
    if member and not transfer.from_organization_id and not transfer.from_organization_name:
        transfer.from_organization = member.organization
    transfer.direction = (
        TransferDirection.OUT if transfer.from_organization_id else TransferDirection.IN
    )


def _check_sides(transfer: Transfer) -> None:
    errors = {}
    if transfer.from_organization_id and transfer.from_organization_name:
        errors["from_organization_name"] = ["转出党组织在平台上时，无需填写平台外名称"]
    if transfer.to_organization_id and transfer.to_organization_name:
        errors["to_organization_name"] = ["转入党组织在平台上时，无需填写平台外名称"]
    if not transfer.from_organization_id and not transfer.to_organization_id:
        errors["to_organization"] = ["转出、转入党组织至少一方应为平台上的党组织"]
    if transfer.is_between_platform_organizations and (
        transfer.from_organization_id == transfer.to_organization_id
    ):
        errors["to_organization"] = ["转入党组织不能与转出党组织相同"]
    member = transfer.member
    if (
        member
        and transfer.from_organization_id
        and member.organization_id != (transfer.from_organization_id)
    ):
        errors["from_organization"] = ["该党员的组织关系不在此转出党组织"]
    if not member and transfer.direction == TransferDirection.OUT:
        errors["member"] = ["从平台党组织转出时，请选择党员"]
    if not member and not transfer.person_name:
        errors["person_name"] = ["平台外转入且尚未建档时，请填写姓名"]
    if errors:
        raise ValidationError(errors)


def issuing_side(transfer: Transfer) -> PartyOrganization | None:
    return transfer.from_organization if transfer.from_organization_id else transfer.to_organization


def receiving_side(transfer: Transfer) -> PartyOrganization | None:
    """Who receives: the destination on the platform, else the issuer records the receipt."""
    return transfer.to_organization if transfer.to_organization_id else transfer.from_organization


def _issuing_field(transfer: Transfer) -> str:
    return "from_organization" if transfer.from_organization_id else "to_organization"


def _ensure_side_in_scope(organization, actor, *, field: str) -> None:
    visible = scoped(PartyOrganization.objects.filter(pk=organization.pk), actor)
    if not visible.exists():
        raise ValidationError({field: ["该党组织不在您的管辖范围内"]})


def may_handle_receipt(transfer: Transfer, actor) -> bool:
    organization = receiving_side(transfer)
    return scoped(PartyOrganization.objects.filter(pk=organization.pk), actor).exists()


def _ensure_receiving_side(transfer: Transfer, actor) -> None:
    if not may_handle_receipt(transfer, actor):
        raise PermissionDenied("只有转入党组织（平台外转出时为转出党组织）可以办理接收或退回")


def _event(transfer: Transfer, kind: str, actor, on: datetime.date, note: str = "") -> None:
    TransferEvent.objects.create(
        transfer=transfer, kind=kind, actor=actor, happened_on=on, note=note[:500]
    )


def _begin_handling(actor, transfer: Transfer) -> Transfer:
    """Scope first (404), then the side (403); the row is locked for the rest."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(transfer, actor)
    _ensure_receiving_side(transfer, actor)
    return lock(transfer)


@transaction.atomic
def transfer_send(*, actor, transfer: Transfer, on: datetime.date | None = None) -> Transfer:
    """The letter has left the issuer (handed to the member or sent): 在途."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(transfer, actor)
    _ensure_side_in_scope(issuing_side(transfer), actor, field="state")
    transfer = lock(transfer)
    if transfer.state != TransferState.ISSUED:
        raise ValidationError(
            {"state": [f"当前状态为“{transfer.get_state_display()}”，不能标记在途"]}
        )
    on = on or _today()
    transfer.state = TransferState.IN_TRANSIT
    _save(transfer)
    _event(transfer, TransferEventKind.SENT, actor, on)
    return transfer


@transaction.atomic
def transfer_receive(*, actor, transfer: Transfer, received_on: datetime.date) -> Transfer:
    """Receive the letter; between platform organizations the member moves and it completes."""
    transfer = _begin_handling(actor, transfer)
    _check_receipt(transfer, received_on)
    transfer.state = TransferState.RECEIVED
    transfer.received_on = received_on
    _save(transfer, general_errors_on="received_on")
    _event(transfer, TransferEventKind.RECEIVED, actor, received_on)
    if transfer.member_id and transfer.to_organization_id:
        _move_member(transfer.member, transfer.to_organization, actor)
        _close_agreements(transfer.member, received_on)
    return transfer


def _check_receipt(transfer: Transfer, received_on) -> None:
    if transfer.state not in RECEIVABLE_STATES:
        raise ValidationError(
            {"received_on": [f"该转接已办结（{transfer.get_state_display()}），不能再接收"]}
        )
    if not received_on:
        raise ValidationError({"received_on": ["请填写接收日期"]})
    _not_in_future("received_on", received_on)
    if received_on < transfer.issued_on:
        raise ValidationError({"received_on": ["接收日期不能早于介绍信开具日期"]})
    if received_on > transfer.valid_until:
        raise ValidationError(
            {
                "received_on": [
                    f"介绍信已过期（有效期至 {transfer.valid_until:%Y-%m-%d}），请重新开具"
                ]
            }
        )


def _move_member(member: Member, organization: PartyOrganization, actor) -> None:
    """The relation now lies with the receiving organization: managed there as 在职.

    Not members.services.member_update: that service requires the member to be
    in the actor's scope before the change, but the receiving side only holds
    the target organization; the received letter is what authorises the move.
    The result must be in the actor's scope, checked inside the transaction.
    """
    member = lock(member)
    member.organization = organization
    member.flow_type = FlowType.REGULAR
    member.abroad = False
    member.full_clean()
    member.save()
    ensure_result_in_scope(member, actor)


def _close_agreements(member: Member, on: datetime.date) -> None:
    """An inflow member's relation has arrived: the dual-management agreement is done."""
    for agreement in DualManagementAgreement.objects.filter(
        member=member, transferred_in_on__isnull=True, signed_on__lte=on
    ):
        agreement.transferred_in_on = on
        agreement.save(update_fields=["transferred_in_on", "updated_at"])


@transaction.atomic
def transfer_return(
    *, actor, transfer: Transfer, returned_on: datetime.date, note: str
) -> Transfer:
    """The receiving side sends the letter back (wrong details, wrong organization …)."""
    transfer = _begin_handling(actor, transfer)
    if transfer.state not in RECEIVABLE_STATES:
        raise ValidationError(
            {"returned_on": [f"该转接已办结（{transfer.get_state_display()}），不能退回"]}
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["请填写退回原因"]})
    if not returned_on:
        raise ValidationError({"returned_on": ["请填写退回日期"]})
    _not_in_future("returned_on", returned_on)
    if returned_on < transfer.issued_on:
        raise ValidationError({"returned_on": ["退回日期不能早于介绍信开具日期"]})
    transfer.state = TransferState.RETURNED
    transfer.returned_on = returned_on
    transfer.note = note[:500]
    _save(transfer)
    _event(transfer, TransferEventKind.RETURNED, actor, returned_on, note)
    return transfer


@transaction.atomic
def transfers_expire(*, today: datetime.date | None = None) -> int:
    """Store 过期 on open letters past their validity (pages compute it anyway)."""
    today = today or _today()
    overdue = Transfer.objects.select_for_update().filter(
        state__in=(TransferState.ISSUED, TransferState.IN_TRANSIT), valid_until__lt=today
    )
    ids = list(overdue.values_list("pk", flat=True))
    Transfer.objects.filter(pk__in=ids).update(
        state=TransferState.EXPIRED, updated_at=timezone.now()
    )
    TransferEvent.objects.bulk_create(
        TransferEvent(transfer_id=pk, kind=TransferEventKind.EXPIRED, happened_on=today)
        for pk in ids
    )
    return len(ids)

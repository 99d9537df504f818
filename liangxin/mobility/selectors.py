"""Reads for the mobility pages and API: every queryset goes through ``scoped``.

The work lists (RULES.md "Mobile members"; DOMAIN.md §2 丹东's four modes):
- inflow members without a dual-management agreement; agreements not yet transferred in;
- floating members with no contact within the rule's months (abroad: 6) — overdue;
- floating members away at a fixed place ≥ 6 months — the relation should be transferred;
- places where ≥ 3 floating members are away together — a temporary branch;
- departed members whose relation transfer is not completed;
- transfers open, expiring within 7 days, expired.
"""

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.members.models import FlowType, Member
from liangxin.members.selectors import member_list
from liangxin.mobility.deadlines import (
    EXPIRING_SOON_DAYS,
    contact_cutoff,
    fixed_place_cutoff,
    temporary_branch_min,
)
from liangxin.mobility.models import (
    OPEN_STATES,
    ContactLog,
    DualManagementAgreement,
    InflowPerson,
    InflowRegistration,
    MobileProfile,
    Transfer,
    TransferState,
)

PII_CIPHERS = ("id_number_cipher", "phone_cipher")


def _today() -> datetime.date:
    return timezone.localdate()


# --- members with the facts the lists need ------------------------------------------------


def _last_contact():
    latest = ContactLog.objects.filter(member=OuterRef("pk")).order_by("-contacted_on")
    return Subquery(latest.values("contacted_on")[:1], output_field=DateField())


def mobile_members(*, user) -> QuerySet:
    """Members in scope with last contact, where they are away, and since when."""
    return member_list(user=user).annotate(
        last_contacted_on=_last_contact(),
        away_place=F("mobile_profile__away_place"),
        away_since=F("mobile_profile__away_since"),
    )


def member_by_public_id(*, user, public_id) -> Member:
    return get_scoped_or_404(
        Member.objects.select_related("organization", "employer").defer(*PII_CIPHERS),
        user,
        public_id=public_id,
    )


def overdue_contacts(*, user, today: datetime.date | None = None) -> QuerySet:
    """Floating members whose last contact (or departure) is older than the rule allows.

    No contact and no departure date on record counts as overdue: nobody has
    confirmed the member was reached.
    """
    today = today or _today()
    reference = Coalesce("last_contacted_on", "away_since")
    queryset = mobile_members(user=user).filter(flow_type=FlowType.FLOATING)
    queryset = queryset.annotate(contact_reference=reference)
    overdue = (
        Q(contact_reference__isnull=True)
        | Q(abroad=False, contact_reference__lt=contact_cutoff(today, abroad=False))
        | Q(abroad=True, contact_reference__lt=contact_cutoff(today, abroad=True))
    )
    return queryset.filter(overdue).order_by(F("contact_reference").asc(nulls_first=True), "id")


def should_transfer(*, user, today: datetime.date | None = None) -> QuerySet:
    """Floating members at a fixed place for ≥ 6 months with no letter under way."""
    today = today or _today()
    open_transfer = Transfer.objects.filter(member=OuterRef("pk"), state__in=OPEN_STATES)
    return (
        mobile_members(user=user)
        .filter(flow_type=FlowType.FLOATING, away_since__lte=fixed_place_cutoff(today))
        .exclude(away_place="")
        .filter(~Exists(open_transfer))
        .order_by("away_since", "id")
    )


def temporary_branch_suggestions(*, user) -> QuerySet:
    """Places where at least ``mobile.temporary_branch_min`` floating members are away.

    Grouped by the place as typed (trimmed); rows are dicts: away_place, members.
    """
    profiles = scoped(
        MobileProfile.objects.filter(member__flow_type=FlowType.FLOATING).exclude(away_place=""),
        user,
    )
    return (
        profiles.values("away_place")
        .annotate(members=Count("member", distinct=True))
        .filter(members__gte=temporary_branch_min())
        .order_by("-members", "away_place")
    )


def members_away_at(*, user, places) -> QuerySet:
    return mobile_members(user=user).filter(
        flow_type=FlowType.FLOATING, mobile_profile__away_place__in=list(places)
    )


def inflow_without_agreement(*, user) -> QuerySet:
    agreements = DualManagementAgreement.objects.filter(member=OuterRef("pk"))
    return member_list(user=user).filter(flow_type=FlowType.INFLOW).filter(~Exists(agreements))


def departed_open(*, user) -> QuerySet:
    """Departed members whose transfer to the place of residence is not completed yet."""
    received = Transfer.objects.filter(member=OuterRef("pk"), state=TransferState.RECEIVED)
    latest = Transfer.objects.filter(member=OuterRef("pk")).order_by("-issued_on", "-id")
    return (
        member_list(user=user)
        .filter(flow_type=FlowType.DEPARTED)
        .filter(~Exists(received))
        .annotate(
            latest_letter=Subquery(latest.values("letter_number")[:1]),
            latest_state=Subquery(latest.values("state")[:1]),
            latest_valid_until=Subquery(latest.values("valid_until")[:1]),
        )
    )


# --- records ---------------------------------------------------------------------------


def agreement_list(*, user) -> QuerySet:
    return scoped(
        DualManagementAgreement.objects.select_related("member", "member__organization").defer(
            *(f"member__{name}" for name in PII_CIPHERS)
        ),
        user,
    )


def open_agreements(*, user) -> QuerySet:
    return agreement_list(user=user).filter(transferred_in_on__isnull=True)


def contact_list(*, user) -> QuerySet:
    return scoped(
        ContactLog.objects.select_related("member", "member__organization").defer(
            *(f"member__{name}" for name in PII_CIPHERS)
        ),
        user,
    )


def registration_list(*, user) -> QuerySet:
    return scoped(
        InflowRegistration.objects.select_related("person", "region", "employer").defer(
            *(f"person__{name}" for name in PII_CIPHERS)
        ),
        user,
    )


def inflow_person_list(*, user) -> QuerySet:
    """Each person once, with how many registrations and sources the user may see.

    The person row is shared by every town that found the number; what it stores
    (the first finder's name and phone, the link to a member record anywhere) is
    not the viewer's to read. So the name shown is the one the viewer's own latest
    registration wrote down (``visible_name``), and a member record counts only if
    the viewer may open it (``member_visible``).
    """
    visible = registration_list(user=user).filter(person=OuterRef("pk"))
    members = scoped(Member.objects.filter(pk=OuterRef("member_id")), user)
    latest = visible.order_by("-registered_on", "-id")
    return scoped(InflowPerson.objects.defer(*PII_CIPHERS), user).annotate(
        registration_count=_count_of(visible),
        source_count=_count_of(visible, field="source"),
        latest_registered_on=Subquery(latest.values("registered_on")[:1]),
        visible_name=Subquery(latest.values("name_as_registered")[:1]),
        member_visible=Exists(members),
    )


def _count_of(queryset: QuerySet, *, field: str = "pk"):
    counted = queryset.order_by().values("person").annotate(n=Count(field, distinct=True))
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def inflow_counts(*, user) -> dict:
    """Persons are counted once, whatever the number of sources that found them."""
    registrations = registration_list(user=user)
    return {
        "persons": registrations.values("person").distinct().count(),
        "registrations": registrations.count(),
    }


def _current_state(today: datetime.date):
    """过期 as of today, whether or not the expiry job has stored it yet."""
    return Case(
        When(state__in=OPEN_STATES, valid_until__lt=today, then=Value(TransferState.EXPIRED)),
        default=F("state"),
        output_field=CharField(),
    )


def transfer_list(*, user, today: datetime.date | None = None) -> QuerySet:
    today = today or _today()
    return scoped(
        Transfer.objects.select_related("member", "from_organization", "to_organization").defer(
            *(f"member__{name}" for name in PII_CIPHERS)
        ),
        user,
    ).annotate(current_state=_current_state(today))


def transfer_detail(*, user, public_id) -> Transfer:
    return get_scoped_or_404(
        transfer_list(user=user).select_related("member__organization"), user, public_id=public_id
    )


def transfers_in_transit(*, user, today=None) -> QuerySet:
    return transfer_list(user=user, today=today).filter(current_state__in=OPEN_STATES)


def transfers_expiring(*, user, today=None) -> QuerySet:
    today = today or _today()
    soon = today + datetime.timedelta(days=EXPIRING_SOON_DAYS)
    return transfers_in_transit(user=user, today=today).filter(valid_until__lte=soon)


def transfers_expired(*, user, today=None) -> QuerySet:
    return transfer_list(user=user, today=today).filter(current_state=TransferState.EXPIRED)


# --- one member's mobility record -----------------------------------------------------------


def member_mobility(*, user, member: Member) -> dict:
    return {
        "agreements": agreement_list(user=user).filter(member=member),
        "contacts": contact_list(user=user).filter(member=member),
        "transfers": transfer_list(user=user).filter(member=member),
        "profile": MobileProfile.objects.filter(member=member).first(),
        "inflow_persons": scoped(InflowPerson.objects.filter(member=member), user).defer(
            *PII_CIPHERS
        ),
    }


def overview_counts(*, user) -> dict:
    return {
        "inflow_without_agreement": inflow_without_agreement(user=user).count(),
        "open_agreements": open_agreements(user=user).count(),
        "overdue_contacts": overdue_contacts(user=user).count(),
        "should_transfer": should_transfer(user=user).count(),
        "branch_suggestions": temporary_branch_suggestions(user=user).count(),
        "departed_open": departed_open(user=user).count(),
        "transfers_in_transit": transfers_in_transit(user=user).count(),
        "transfers_expiring": transfers_expiring(user=user).count(),
        "transfers_expired": transfers_expired(user=user).count(),
        **{f"inflow_{key}": value for key, value in inflow_counts(user=user).items()},
    }

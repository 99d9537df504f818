"""Writes for dues: set a base, open a month, record a payment, approve a reduction or waiver.

Every write checks the role (whoever edits members handles their dues) and the
scope, computes amounts with liangxin.dues.amounts (exact decimals), and leaves a
typed DuesEvent with the acting user next to the generic change history.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangxin.core.audit import current_channel, write_entries
from liangxin.core.scoping import scoped
from liangxin.core.services import ensure_can_edit, ensure_target_in_scope, lock
from liangxin.dues import amounts
from liangxin.dues.models import (
    DuesBase,
    DuesEvent,
    DuesEventKind,
    DuesMonth,
    DuesStatus,
    PaymentMethod,
)
from liangxin.members.models import Member
from liangxin.rules.values import rule_value

EDIT_KIND = "members"  # dues are part of the member's record: the same roles handle them


def _rule_error(exc: amounts.DuesRuleError) -> ValidationError:
    return ValidationError({exc.field: [str(exc)]})


def _event(kind: str, *, actor, year: int, **fields) -> DuesEvent:
    return DuesEvent.objects.create(kind=kind, actor=actor, year=year, **fields)


# --- bases ---------------------------------------------------------------------------------


@transaction.atomic
def dues_base_set(
    *,
    actor,
    member: Member,
    year: int,
    category: str,
    base: Decimal | None,
    farmer_amount: Decimal | None = None,
    dues_base: DuesBase | None = None,
) -> DuesBase:
    """Set a member's base for a year (new, or ``dues_base`` corrected); the amount is computed.

    A blank base (None) is refused for the categories priced on it (在职, 离退休) and is 0
    for the fixed-amount ones, as the ledger import reads a blank 月计算基数. A correction
    re-prices the year's months still unpaid; settled months keep the amount they were
    settled at.
    """
    ensure_can_edit(actor, EDIT_KIND)
    if dues_base is not None:  # a correction: the member and the year stay
        ensure_target_in_scope(dues_base, actor)
        dues_base = lock(dues_base)
        member, year = dues_base.member, dues_base.year
    else:
        ensure_target_in_scope(member, actor)
        dues_base = DuesBase(member=member, year=year)
    base = _base_or_zero(base, category)
    monthly = _priced(base, category, farmer_amount)
    dues_base.category, dues_base.base = category, base
    dues_base.farmer_amount = farmer_amount
    dues_base.monthly_amount = monthly
    dues_base.set_by, dues_base.set_on = actor, timezone.localdate()
    dues_base.full_clean()
    dues_base.save()
    reprice_unpaid_months(dues_base)
    _event(DuesEventKind.BASE_SET, actor=actor, year=year, member=member, amount=monthly)
    return dues_base


def _base_or_zero(base, category: str) -> Decimal:
    """中组发〔2008〕3号: 在职 and 离退休 members pay a share of their monthly base."""
    if base is not None:
        return base
    if category in amounts.BASE_CATEGORIES:
        raise ValidationError({"base": ["在职、离退休党员须填写月计算基数"]})
    return Decimal("0.00")  # the fixed-amount categories have no salary base


def _priced(base, category: str, farmer_amount) -> Decimal:
    if farmer_amount is not None and category != amounts.DuesCategory.FARMER:
        raise ValidationError({"farmer_amount": ["仅农民党员填写月交纳额"]})
    try:
        return amounts.monthly_dues(base, category, farmer_amount=farmer_amount)
    except amounts.DuesRuleError as exc:
        raise _rule_error(exc) from exc


def base_year_months(year: int) -> Q:
    """The months a base of ``year`` prices (twelve, from the configured base month)."""
    first = rule_value("dues.base_month")
    if first == 1:
        return Q(year=year)
    return Q(year=year, month__gte=first) | Q(year=year + 1, month__lt=first)


def reprice_unpaid_months(dues_base: DuesBase) -> int:
    """Saved one by one (at most twelve) so each change lands in the history."""
    months = DuesMonth.objects.filter(
        base_year_months(dues_base.year),
        member_id=dues_base.member_id,
        status=DuesStatus.UNPAID,
        paid_on__isnull=True,
    ).exclude(amount_due=dues_base.monthly_amount)
    count = 0
    for month in months.select_for_update():
        month.amount_due = dues_base.monthly_amount
        month.save(update_fields=["amount_due", "updated_at"])
        count += 1
    return count


# --- opening a month -----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenResult:
    created: int
    already_open: int
    without_base: int


def current_period() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, today.month


@transaction.atomic
def dues_month_open(*, actor, organization, year: int, month: int) -> OpenResult:
    """Create the month's rows for the organization's subtree from the bases. Idempotent.

    Members without a base for the year get no row and are counted, so the page
    can say whose base is missing.
    """
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(organization, actor)
    _check_period(year, month)
    members = scoped(Member.objects.filter(organization__path__startswith=organization.path), actor)
    base_year = amounts.base_year_for(year, month, rule_value("dues.base_month"))
    open_already = DuesMonth.objects.filter(year=year, month=month, member__in=members)
    bases = DuesBase.objects.filter(year=base_year, member__in=members).exclude(
        member_id__in=open_already.values("member_id")
    )
    rows = [
        DuesMonth(member_id=member_id, year=year, month=month, amount_due=amount)
        for member_id, amount in bases.values_list("member_id", "monthly_amount")
    ]
    created = DuesMonth.objects.bulk_create(rows)
    _log_created(created, actor)
    result = OpenResult(
        created=len(created),
        already_open=open_already.count() - len(created),
        without_base=members.exclude(dues_bases__year=base_year).count(),
    )
    _event(
        DuesEventKind.MONTHS_OPENED,
        actor=actor,
        year=year,
        month=month,
        organization=organization,
        count=result.created,
    )
    return result


def _check_period(year: int, month: int) -> None:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError({"month": ["年度应为 2000–2100，月份应为 1–12"]})
    if amounts.period_index(year, month) > amounts.period_index(*current_period()):
        raise ValidationError({"month": ["不能生成未来月份的党费台账"]})


def _log_created(months: list[DuesMonth], actor) -> None:
    """bulk_create sends no signals: write the change history the way auditlog would."""
    content_type = ContentType.objects.get_for_model(DuesMonth)
    channel = current_channel()
    write_entries(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(month.pk),
                object_id=month.pk,
                object_repr=str(month),
                action=LogEntry.Action.CREATE,
                changes={
                    "amount_due": [None, str(month.amount_due)],
                    "status": [None, month.status],
                },
                actor=actor,
                additional_data=channel,
            )
            for month in months
        ]
    )


# --- payment -------------------------------------------------------------------------------


def months_behind(year: int, month: int, on: datetime.date) -> int:
    return amounts.period_index(on.year, on.month) - amounts.period_index(year, month)


def check_makeup_window(dues_month: DuesMonth, paid_on: datetime.date) -> None:
    """中组发〔2008〕3号: arrears may be made up for at most 6 months (dues.max_makeup_months)."""
    limit = rule_value("dues.max_makeup_months")
    if months_behind(dues_month.year, dues_month.month, paid_on) > limit:
        raise ValidationError(
            {
                "paid_on": [
                    f"{dues_month.year}年{dues_month.month}月的党费已超过补交期限："
                    f"党员补交党费最多 {limit} 个月（{amounts.SOURCE}）"
                ]
            }
        )


@dataclass(frozen=True)
class Payment:
    """What a payment records: the day, the amount and how it was paid."""

    paid_on: datetime.date
    amount: Decimal
    method: str

    @property
    def method_label(self) -> str:
        return PaymentMethod(self.method).label


def payment_checked(
    *,
    actor,
    dues_month: DuesMonth,
    paid_on: datetime.date | None = None,
    amount: Decimal | None = None,
    method: str = "",
) -> Payment:
    """The payment ``dues_pay`` would record, checked as it checks; writes nothing.

    The page shows it for confirmation before saving. At least the payable amount
    (a member may pay more of their own will); blank day: today; blank amount: payable.
    """
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(dues_month, actor)
    _check_payable(dues_month)
    paid_on = paid_on or timezone.localdate()
    _check_not_future(paid_on, "paid_on", "交纳日期")
    check_makeup_window(dues_month, paid_on)
    amount = _checked_payment(dues_month, amount)
    return Payment(paid_on=paid_on, amount=amount, method=_checked_method(method))


def _checked_method(method: str) -> str:
    if not method:
        raise ValidationError({"method": ["请选择交纳方式"]})
    if method not in PaymentMethod.values:
        raise ValidationError({"method": [f"交纳方式应为{'、'.join(PaymentMethod.labels)}之一"]})
    return method


@transaction.atomic
def dues_pay(
    *,
    actor,
    dues_month: DuesMonth,
    paid_on: datetime.date | None = None,
    amount: Decimal | None = None,
    method: str = "",
) -> DuesMonth:
    """Record a payment: the amount, the day and the method (see ``payment_checked``)."""
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(dues_month, actor)
    dues_month = lock(dues_month)
    payment = payment_checked(
        actor=actor, dues_month=dues_month, paid_on=paid_on, amount=amount, method=method
    )
    if dues_month.status == DuesStatus.UNPAID:
        dues_month.status = DuesStatus.PAID
    dues_month.amount_paid, dues_month.paid_on = payment.amount, payment.paid_on
    dues_month.method = payment.method
    dues_month.full_clean()
    dues_month.save()
    _event(
        DuesEventKind.PAID,
        actor=actor,
        year=dues_month.year,
        month=dues_month.month,
        member_id=dues_month.member_id,
        dues_month=dues_month,
        amount=payment.amount,
    )
    return dues_month


def _check_payable(dues_month: DuesMonth) -> None:
    if dues_month.status == DuesStatus.WAIVED:
        raise ValidationError("该月党费已批准免交，无需交纳")
    if dues_month.paid_on is not None:
        raise ValidationError("该月党费已交纳，不能重复登记")


def _check_not_future(day: datetime.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: [f"{label}不能晚于今天"]})


def _checked_amount(amount, field: str, label: str) -> Decimal:
    try:
        amount = amounts.exact_yuan(amount, what=label, field=field)
    except amounts.DuesRuleError as exc:
        raise _rule_error(exc) from exc
    if amount != amounts.to_fen(amount):
        raise ValidationError({field: [f"{label}最多保留两位小数（到分）"]})
    if amount > amounts.BASE_CEILING:
        raise ValidationError({field: [f"{label}过大，请检查"]})
    return amount


def _checked_payment(dues_month: DuesMonth, amount) -> Decimal:
    payable = dues_month.payable_amount
    if amount is None:
        return payable
    amount = _checked_amount(amount, "amount", "实交金额")
    if amount < payable:
        raise ValidationError({"amount": [f"实交金额不能少于应交金额 {payable} 元"]})
    return amount


# --- reduction and waiver ------------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    """The branch's decision and the higher committee's approval (中组发〔2008〕3号)."""

    decided_on: datetime.date
    approval_number: str
    approved_on: datetime.date
    approver: str
    reason: str = ""


@transaction.atomic
def dues_reduce(*, actor, dues_month: DuesMonth, amount: Decimal, approval: Approval) -> DuesMonth:
    """Approve a lower amount for the month; the member then pays it with dues_pay."""
    dues_month = _prepare_relief(actor, dues_month, approval)
    amount = _checked_amount(amount, "amount", "减交后应交金额")
    if not Decimal("0") < amount < dues_month.amount_due:
        raise ValidationError(
            {
                "amount": [
                    f"减交后应交金额应大于 0 且少于应交金额 {dues_month.amount_due} 元"
                    "（全部免交请用“免交”）"
                ]
            }
        )
    return _record_relief(actor, dues_month, DuesStatus.REDUCED, amount, approval)


@transaction.atomic
def dues_waive(*, actor, dues_month: DuesMonth, approval: Approval) -> DuesMonth:
    dues_month = _prepare_relief(actor, dues_month, approval)
    return _record_relief(actor, dues_month, DuesStatus.WAIVED, Decimal("0.00"), approval)


def _prepare_relief(actor, dues_month: DuesMonth, approval: Approval) -> DuesMonth:
    ensure_can_edit(actor, EDIT_KIND)
    ensure_target_in_scope(dues_month, actor)
    dues_month = lock(dues_month)
    if dues_month.status != DuesStatus.UNPAID or dues_month.paid_on is not None:
        raise ValidationError("只有未交的月份可以减交或免交")
    check_approval(approval)
    return dues_month


def check_approval(approval: Approval) -> None:
    errors = {}
    for field, label in (("approval_number", "批准文号"), ("approver", "批准党组织")):
        if not (getattr(approval, field) or "").strip():
            errors[field] = [f"请填写{label}（减交、免交须经上级党组织批准）"]
    for field, label in (("decided_on", "支部决定日期"), ("approved_on", "上级批准日期")):
        day = getattr(approval, field)
        if day is None:
            errors[field] = [f"请填写{label}"]
        elif day > timezone.localdate():
            errors[field] = [f"{label}不能晚于今天"]
    if not errors and approval.approved_on < approval.decided_on:
        errors["approved_on"] = ["上级批准日期不能早于支部决定日期"]
    if errors:
        raise ValidationError(errors)


def _record_relief(actor, dues_month: DuesMonth, status, amount, approval: Approval):
    dues_month.status, dues_month.approved_amount = status, amount
    dues_month.decided_on = approval.decided_on
    dues_month.approval_number = approval.approval_number.strip()
    dues_month.approved_on = approval.approved_on
    dues_month.approver = approval.approver.strip()
    dues_month.reason = (approval.reason or "").strip()
    dues_month.full_clean()
    dues_month.save()
    kind = DuesEventKind.REDUCED if status == DuesStatus.REDUCED else DuesEventKind.WAIVED
    _event(
        kind,
        actor=actor,
        year=dues_month.year,
        month=dues_month.month,
        member_id=dues_month.member_id,
        dues_month=dues_month,
        amount=amount,
    )
    return dues_month

"""Writes: bases, opening months, payment with the arrears window, reduction and waiver.

Sources: 中组发〔2008〕3号 (arrears at most 6 months: dues.max_makeup_months;
reduction/waiver need the branch's decision and higher approval).
"""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liangxin.core.audit import CHANNEL_WEB, audit_context
from liangxin.core.services import OutOfScope
from liangxin.dues import services
from liangxin.dues.amounts import DuesCategory
from liangxin.dues.models import DuesBase, DuesEvent, DuesEventKind, DuesMonth, DuesStatus
from liangxin.rules.models import RuleSetting
from tests.dues.conftest import APPROVAL, base_for, month_for

pytestmark = pytest.mark.django_db
D = Decimal


# --- bases ----------------------------------------------------------------------------------


def set_base(world, persona="town_a_admin", member=None, **kwargs):
    fields = {"year": 2025, "category": DuesCategory.EMPLOYED, "base": D("5000.00"), **kwargs}
    return services.dues_base_set(
        actor=world.user(persona), member=member or world.member_a, **fields
    )


def test_base_set_computes_the_monthly_amount_and_records_who(world):
    base = set_base(world)
    assert base.monthly_amount == D("50.00")
    assert base.set_by == world.user("town_a_admin")
    event = DuesEvent.objects.get(kind=DuesEventKind.BASE_SET)
    assert event.actor == world.user("town_a_admin") and event.amount == D("50.00")


def test_base_set_is_in_the_change_history(world):
    with audit_context(world.user("town_a_admin"), channel=CHANNEL_WEB):
        base = set_base(world)
    entry = LogEntry.objects.get_for_object(base).get()
    assert entry.actor == world.user("town_a_admin")
    assert entry.additional_data["channel"] == CHANNEL_WEB


def test_second_base_for_the_same_year_is_a_duplicate(world):
    set_base(world)
    with pytest.raises(ValidationError, match="本年度的党费基数已核定"):
        set_base(world)


def test_correcting_a_base_reprices_unpaid_months_only(world):
    base = set_base(world, base=D("3000.00"))
    unpaid = month_for(world.member_a, 2025, 2, due="15.00")
    paid = month_for(world.member_a, 2025, 1, DuesStatus.PAID, due="15.00")
    services.dues_base_set(
        actor=world.user("secretary"),
        dues_base=base,
        member=world.member_a,
        year=2025,
        category=DuesCategory.EMPLOYED,
        base=D("10000.01"),
    )
    unpaid.refresh_from_db(), paid.refresh_from_db()
    assert unpaid.amount_due == D("200.00")
    assert paid.amount_due == D("15.00")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (dict(base=D("-1.00")), "base"),
        (dict(base=D("3000.001")), "base"),
        (dict(base=D("1000000.01")), "base"),
        (dict(year=1990), "year"),
        (dict(category="soldier"), "category"),
        (dict(category=DuesCategory.FARMER, farmer_amount=D("1.01")), "farmer_amount"),
        (dict(category=DuesCategory.FARMER), "farmer_amount"),
        (dict(farmer_amount=D("0.50")), "farmer_amount"),
    ],
)
def test_bad_bases_are_refused_with_a_chinese_message(world, fields, field):
    with pytest.raises(ValidationError) as caught:
        set_base(world, **fields)
    assert field in caught.value.message_dict
    assert not DuesBase.objects.exists()


def test_float_base_is_refused(world):
    with pytest.raises(TypeError):
        set_base(world, base=3000.0)


def test_farmer_base(world):
    base = set_base(world, category=DuesCategory.FARMER, base=D("0"), farmer_amount=D("0.50"))
    assert base.monthly_amount == D("0.50")


@pytest.mark.parametrize("persona", ["leader", "instructor"])
def test_roles_that_do_not_edit_members_cannot_set_bases(world, persona):
    with pytest.raises(PermissionDenied):
        set_base(world, persona=persona)


@pytest.mark.parametrize("persona", ["town_b_admin", "outsider"])
def test_member_outside_the_scope_is_out_of_scope(world, persona):
    with pytest.raises(OutOfScope):
        set_base(world, persona=persona)


# --- opening a month ------------------------------------------------------------------------


def open_month(world, persona="district_admin", organization=None, year=2025, month=3):
    return services.dues_month_open(
        actor=world.user(persona),
        organization=organization or world.org_a,
        year=year,
        month=month,
    )


def test_open_creates_rows_from_the_bases_and_is_idempotent(world):
    base_for(world.member_a, base="3000.00")
    first = open_month(world)
    again = open_month(world)
    assert (first.created, first.already_open, first.without_base) == (1, 0, 0)
    assert (again.created, again.already_open) == (0, 1)
    row = DuesMonth.objects.get()
    assert (row.member, row.amount_due, row.status) == (world.member_a, D("15.00"), "unpaid")
    assert LogEntry.objects.get_for_object(row).count() == 1


def test_open_counts_members_without_a_base(world):
    result = open_month(world)
    assert (result.created, result.without_base) == (0, 1)


def test_open_covers_the_subtree_and_stays_in_scope(world):
    base_for(world.member_a), base_for(world.member_b)
    with pytest.raises(OutOfScope):
        open_month(world, persona="town_a_admin", organization=world.org_b)
    assert open_month(world, persona="town_a_admin").created == 1
    assert not DuesMonth.objects.filter(member=world.member_b).exists()


def test_open_refuses_future_months(world):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError, match="未来月份"):
        open_month(world, year=next_year, month=1)


def test_open_uses_the_configured_base_month(world):
    """dues.base_month = 7: January 2025 is priced by the base set in 2024."""
    RuleSetting.objects.create(key="dues.base_month", value=7)
    base_for(world.member_a, year=2024, base="3000.00")
    base_for(world.member_a, year=2025, base="10000.01")
    open_month(world, year=2025, month=1)
    open_month(world, year=2025, month=7)
    amounts = dict(DuesMonth.objects.values_list("month", "amount_due"))
    assert amounts == {1: D("15.00"), 7: D("200.00")}


# --- payment and the arrears window ---------------------------------------------------------


def pay(world, month, paid_on, persona="secretary", **kwargs):
    kwargs.setdefault("method", "cash")
    return services.dues_pay(actor=world.user(persona), dues_month=month, paid_on=paid_on, **kwargs)


def test_payment_records_amount_date_and_event(world):
    month = month_for(world.member_a, 2025, 1)
    paid = pay(world, month, datetime.date(2025, 1, 15))
    assert (paid.status, paid.amount_paid) == (DuesStatus.PAID, D("15.00"))
    event = DuesEvent.objects.get(kind=DuesEventKind.PAID)
    assert (event.actor, event.dues_month, event.amount) == (
        world.user("secretary"),
        month,
        D("15.00"),
    )


def test_arrears_six_months_back_may_be_made_up(world):
    """中组发〔2008〕3号: arrears may be made up for at most 6 months — the 6th back is fine."""
    month = month_for(world.member_a, 2025, 1)
    assert pay(world, month, datetime.date(2025, 7, 31)).status == DuesStatus.PAID


def test_arrears_seven_months_back_are_refused_citing_the_rule(world):
    month = month_for(world.member_a, 2025, 1)
    with pytest.raises(ValidationError) as caught:
        pay(world, month, datetime.date(2025, 8, 1))
    message = caught.value.message_dict["paid_on"][0]
    assert "补交党费最多 6 个月" in message and "中组发〔2008〕3号" in message
    month.refresh_from_db()
    assert month.status == DuesStatus.UNPAID


def test_arrears_window_spans_the_year_end(world):
    month = month_for(world.member_a, 2024, 8)
    assert pay(world, month, datetime.date(2025, 2, 1)).status == DuesStatus.PAID
    with pytest.raises(ValidationError):
        pay(world, month_for(world.member_a, 2024, 7), datetime.date(2025, 2, 1))


def test_payment_twice_is_refused(world):
    month = month_for(world.member_a, 2025, 1)
    pay(world, month, datetime.date(2025, 1, 15))
    with pytest.raises(ValidationError, match="已交纳"):
        pay(world, month, datetime.date(2025, 1, 16))


def test_payment_less_than_due_is_refused_more_is_voluntary(world):
    month = month_for(world.member_a, 2025, 1)
    with pytest.raises(ValidationError, match="不能少于"):
        pay(world, month, datetime.date(2025, 1, 15), amount=D("14.99"))
    paid = pay(world, month, datetime.date(2025, 1, 15), amount=D("100.00"))
    assert paid.amount_paid == D("100.00")


@pytest.mark.parametrize("amount", [D("15.001"), D("-1"), D("1000000.01")])
def test_malformed_payment_amounts_are_refused(world, amount):
    with pytest.raises(ValidationError):
        pay(world, month_for(world.member_a, 2025, 1), datetime.date(2025, 1, 15), amount=amount)


def test_payment_in_the_future_is_refused(world):
    future = timezone.localdate() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        pay(world, month_for(world.member_a, 2025, 1), future)


def test_leader_cannot_pay_and_town_b_cannot_see(world):
    month = month_for(world.member_a, 2025, 1)
    with pytest.raises(PermissionDenied):
        pay(world, month, datetime.date(2025, 1, 15), persona="leader")
    with pytest.raises(OutOfScope):
        pay(world, month, datetime.date(2025, 1, 15), persona="town_b_admin")


# --- reduction and waiver -------------------------------------------------------------------


def approval(**changes):
    return services.Approval(**{**APPROVAL, **changes})


def test_reduce_records_the_approval_then_the_reduced_amount_is_paid(world):
    month = month_for(world.member_a, 2025, 3, due="50.00")
    reduced = services.dues_reduce(
        actor=world.user("secretary"), dues_month=month, amount=D("10.00"), approval=approval()
    )
    assert (reduced.status, reduced.approved_amount) == (DuesStatus.REDUCED, D("10.00"))
    assert reduced.approval_number == "川委〔2025〕5号" and reduced.approver == "川姜镇党委"
    paid = pay(world, reduced, datetime.date(2025, 4, 1))
    assert (paid.status, paid.amount_paid) == (DuesStatus.REDUCED, D("10.00"))
    kinds = set(DuesEvent.objects.values_list("kind", flat=True))
    assert kinds == {DuesEventKind.REDUCED, DuesEventKind.PAID}


def test_waive_records_the_approval_and_nothing_is_payable(world):
    month = month_for(world.member_a, 2025, 3)
    waived = services.dues_waive(
        actor=world.user("town_a_admin"), dues_month=month, approval=approval()
    )
    assert (waived.status, waived.approved_amount) == (DuesStatus.WAIVED, D("0.00"))
    with pytest.raises(ValidationError, match="免交"):
        pay(world, waived, datetime.date(2025, 4, 1))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(approval_number=" "), "approval_number"),
        (dict(approver=""), "approver"),
        (dict(decided_on=None), "decided_on"),
        (dict(approved_on=None), "approved_on"),
        (dict(approved_on=datetime.date(2025, 2, 1)), "approved_on"),  # before the branch
    ],
)
def test_relief_needs_branch_decision_and_higher_approval(world, changes, field):
    month = month_for(world.member_a, 2025, 3)
    with pytest.raises(ValidationError) as caught:
        services.dues_waive(
            actor=world.user("secretary"), dues_month=month, approval=approval(**changes)
        )
    assert field in caught.value.message_dict
    month.refresh_from_db()
    assert month.status == DuesStatus.UNPAID


@pytest.mark.parametrize("amount", [D("0"), D("15.00"), D("20.00"), D("1.001")])
def test_reduced_amount_must_be_below_the_due_and_above_zero(world, amount):
    month = month_for(world.member_a, 2025, 3, due="15.00")
    with pytest.raises(ValidationError) as caught:
        services.dues_reduce(
            actor=world.user("secretary"), dues_month=month, amount=amount, approval=approval()
        )
    assert "amount" in caught.value.message_dict


def test_paid_months_cannot_be_reduced(world):
    month = month_for(world.member_a, 2025, 3, DuesStatus.PAID)
    with pytest.raises(ValidationError, match="只有未交的月份"):
        services.dues_waive(actor=world.user("secretary"), dues_month=month, approval=approval())

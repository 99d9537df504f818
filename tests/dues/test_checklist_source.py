"""``dues.on_time`` (党费按时足额缴纳): every month of the year already over was paid in full
within its month (RULES.md "Dues", 中组发〔2008〕3号 一: 按月交纳; a month is late only once it is
over, dues.periods.previous_month), and a ratings auto item naming it scores from it."""

import datetime
from decimal import Decimal

from liangxin.core.checklist_sources import checklist_sources
from liangxin.dues.models import DuesMonth, DuesStatus
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import auto
from liangxin.ratings.models import Item
from tests.dues.conftest import APPROVAL
from tests.ratings.conftest import default_rubrics  # noqa: F401 (autouse: the seeded rubrics)

D = datetime.date
APRIL = D(2026, 4, 15)  # January to March are over; April's dues are not late yet
RULE = "中组发〔2008〕3号 一、党费的收缴：按月交纳"


def month(member, number, *, paid_on=None, paid="15.00", due="15.00", year=2026, **fields):
    status = fields.pop("status", DuesStatus.PAID if paid_on else DuesStatus.UNPAID)
    return DuesMonth.objects.create(
        member=member,
        year=year,
        month=number,
        amount_due=Decimal(due),
        amount_paid=Decimal(paid) if paid_on else Decimal("0"),
        paid_on=paid_on,
        status=status,
        **fields,
    )


def paid_on_time(member, months=(1, 2, 3)):
    for number in months:
        month(member, number, paid_on=D(2026, number, 20))


def met(as_of=APRIL) -> set[int]:
    return checklist_sources()["dues.on_time"].met(PartyOrganization.objects.all(), as_of)


def test_the_source_is_contributed_by_the_dues_app(db):
    source = checklist_sources()["dues.on_time"]
    assert source.label == "党费按时足额缴纳"
    assert "党费台账" in source.missing  # says where the secretary acts


def test_every_ended_month_paid_within_its_month_is_met(world):
    paid_on_time(world.member_a)
    assert world.org_a.pk in met(), RULE
    assert world.org_b.pk not in met()  # no ledger opened this year: nothing paid on time


def test_paid_on_the_months_last_day_is_on_time_the_next_day_is_late(world):
    paid_on_time(world.member_a, months=(1, 2))
    march = month(world.member_a, 3, paid_on=D(2026, 3, 31))
    assert world.org_a.pk in met(), RULE
    DuesMonth.objects.filter(pk=march.pk).update(paid_on=D(2026, 4, 1))  # 补交: allowed, late
    assert world.org_a.pk not in met(), RULE


def test_an_unpaid_ended_month_is_late_the_current_month_not_yet(world):
    paid_on_time(world.member_a)
    month(world.member_a, 4)  # April unpaid on 15 April: previous_month() says not late yet
    assert world.org_a.pk in met(APRIL), RULE
    assert world.org_a.pk in met(D(2026, 4, 30))
    assert world.org_a.pk not in met(D(2026, 5, 1)), RULE  # April is over and unpaid


def test_paid_short_of_the_payable_amount_is_not_in_full(world):
    paid_on_time(world.member_a, months=(1, 2))
    month(world.member_a, 3, paid_on=D(2026, 3, 20), paid="14.99")
    assert world.org_a.pk not in met(), "党费按时足额缴纳: 足额"


def test_an_approved_reduction_paid_in_time_and_a_waiver_are_settled(world):
    month(world.member_a, 1, paid_on=D(2026, 1, 20))
    approval = {**APPROVAL, "approved_on": D(2026, 2, 10)}
    month(
        world.member_a,
        2,
        paid_on=D(2026, 2, 25),
        paid="7.50",
        status=DuesStatus.REDUCED,
        approved_amount=Decimal("7.50"),
        **approval,
    )
    month(world.member_a, 3, status=DuesStatus.WAIVED, approved_amount=Decimal("0"), **approval)
    assert world.org_a.pk in met(), "减交或免交须支部决定并经上级批准 (RULES.md Dues)"
    # A waiver approved after the day read is not yet a waiver on that day.
    DuesMonth.objects.filter(month=3).update(approved_on=D(2026, 4, 20))
    assert world.org_a.pk not in met(), RULE


def test_any_member_late_fails_the_organization(world):
    from tests.factories import MemberFactory

    other = MemberFactory(organization=world.org_a, employer=world.ent_a)
    paid_on_time(world.member_a)
    paid_on_time(other, months=(1, 2))
    month(other, 3)
    assert world.org_a.pk not in met(), RULE


def test_last_years_arrears_and_january_are_not_this_years_months(world):
    paid_on_time(world.member_a)
    month(world.member_a, 12, year=2025)  # unpaid, but another year
    assert world.org_a.pk in met()
    january = met(D(2026, 1, 31))  # nothing has fallen due yet
    assert {world.org_a.pk, world.org_b.pk} <= january


def test_a_ratings_auto_item_scores_from_it(world):
    paid_on_time(world.member_a)
    items = list(Item.objects.filter(auto_source="dues.on_time"))
    assert items, "the seeded rubrics name dues.on_time"
    organizations = PartyOrganization.objects.filter(pk__in=[world.org_a.pk, world.org_b.pk])
    scores = auto.auto_scores(items, organizations, APRIL)
    for item in items:
        assert scores[world.org_a.pk, item.pk].score == item.max_points
        missed = scores[world.org_b.pk, item.pk]
        assert missed.score == 0 and "未按月足额交纳党费" in missed.note

"""The enterprise's own funds (1% of the wage bill, [N] 经费通知: warned, not refused) and
党费拨返 (dues collected, from the dues ledger, returned in full: [N] 11号文)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.core.services import OutOfScope
from liangxin.dues.models import DuesMonth
from liangxin.funding import services
from liangxin.funding.models import DuesRefund, EnterpriseFunding
from liangxin.rules.catalog import rule

D = Decimal
pytestmark = pytest.mark.django_db


def test_the_one_percent_rule_is_registered_with_its_source():
    found = rule("funding.enterprise_share_percent")
    assert found.default == 1 and "经费通知" in found.source


def test_within_one_percent_no_warning_over_it_a_warning_and_saved(world):
    admin = world.user("town_a_admin")
    _, warning = services.enterprise_funding_save(
        actor=admin, enterprise=world.ent_a, year=2025, wage_bill="100000", party_funds="1000"
    )
    assert warning == ""
    record, warning = services.enterprise_funding_save(
        actor=admin, enterprise=world.ent_a, year=2025, wage_bill="100000", party_funds="1000.01"
    )
    assert "超过职工工资薪金总额的 1%（1000.00 元）" in warning
    assert EnterpriseFunding.objects.get().party_funds == D("1000.01")


def test_enterprise_funds_bad_input_and_scope(world, login):
    with pytest.raises(ValidationError, match="最多精确到分"):
        services.enterprise_funding_save(
            actor=world.user("town_a_admin"), enterprise=world.ent_a, year=2025,
            wage_bill="1.005", party_funds="1",
        )  # fmt: skip
    with pytest.raises(OutOfScope):
        services.enterprise_funding_save(
            actor=world.user("town_b_admin"), enterprise=world.ent_a, year=2025,
            wage_bill="100", party_funds="1",
        )  # fmt: skip
    client = login("secretary")
    response = client.post(
        reverse("funding:enterprise-fund-create"),
        {
            "enterprise": world.ent_a.uscc,
            "year": 2025,
            "wage_bill": "100000",
            "party_funds": "2000",
        },
        follow=True,
    )
    assert "超出部分不能税前扣除" in response.content.decode()
    assert EnterpriseFunding.objects.count() == 1


def paid_month(member, month, amount):
    return DuesMonth.objects.create(
        member=member, year=2025, month=month, amount_due=amount, amount_paid=amount,
        status="paid", paid_on=datetime.date(2025, month, 20),
    )  # fmt: skip


def test_dues_are_refunded_in_full_from_the_ledger(world):
    paid_month(world.member_a, 1, D("12.50"))
    paid_month(world.member_a, 2, D("12.50"))
    paid_month(world.member_b, 1, D("99.00"))  # another organization's
    admin = world.user("town_a_admin")
    refund = services.dues_refund_compute(actor=admin, organization=world.org_a, year=2025)
    assert (refund.dues_collected, refund.share_percent, refund.refunded) == (
        D("25.00"), D("100.00"), D("25.00"),
    )  # fmt: skip
    services.dues_refund_approve(actor=admin, refund=refund)
    with pytest.raises(ValidationError, match="已审批"):
        services.dues_refund_compute(actor=admin, organization=world.org_a, year=2025)
    with pytest.raises(OutOfScope):
        services.dues_refund_compute(
            actor=world.user("town_b_admin"), organization=world.org_a, year=2025
        )
    assert DuesRefund.objects.get().state == "approved"


def test_refund_pages(world, login):
    paid_month(world.member_a, 1, D("10.00"))
    client = login("town_a_admin")
    response = client.post(
        reverse("funding:refund-create"), {"organization": world.org_a.code, "year": 2025}
    )
    assert response.status_code == 302
    refund = DuesRefund.objects.get()
    assert (
        login("town_b_admin").get(reverse("funding:refund-approve", args=[refund.pk])).status_code
        == 404
    )
    client.post(reverse("funding:refund-approve", args=[refund.pk]), {})
    refund.refresh_from_db()
    assert refund.state == "approved" and refund.refunded == D("10.00")

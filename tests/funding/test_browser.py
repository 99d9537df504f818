"""At 390 px in Chromium: a secretary records an expense against their organization's paid
allocation, and the balance goes down (WORK.md §6 Expense)."""

import datetime

import pytest

from liangxin.funding.models import Expense
from tests.browser import fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.funding.conftest import budget, generate, pay


@pytest.mark.usefixtures("funding_defaults")
def test_an_expense_recorded_on_a_phone(live_server, chromium, world, per_org):
    from django.utils import timezone

    year = timezone.localdate().year
    budget(world, "1000", year=year)
    (allocation,) = generate(world, per_org, year=year)
    pay(world, allocation)
    page = phone_as(chromium, live_server, "secretary_a")
    page.goto(f"{live_server.url}/funding/allocations/{allocation.pk}/")
    assert fits_the_screen(page)
    page.click("#expense-create")
    page.wait_for_selector("#allocation-card")
    assert fits_the_screen(page)
    page.fill("#id_spent_on", timezone.localdate().isoformat())
    page.select_option("#id_category", label="学习教育")
    page.fill("#id_amount", "1.005")
    page.fill("#id_payee", "新华书店")
    page.fill("#id_receipt_number", "FP2026001")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=金额最多精确到分")
    assert not Expense.objects.exists()
    page.fill("#id_amount", "120.50")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记支出")
    assert fits_the_screen(page)
    assert page.locator("#allocation-balance").inner_text() == "879.50 元"
    assert Expense.objects.get().spent_on <= datetime.date.today() + datetime.timedelta(days=1)

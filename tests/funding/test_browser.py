"""At 390 px in Chromium: a secretary records an expense against their organization's paid
allocation, and the balance goes down (WORK.md §6 Expense); with a receipt photo, a renamed
file refused, and the mistaken expense deleted (issue 19)."""

import datetime

import pytest

from liangxin.funding.models import Expense
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
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


@pytest.mark.usefixtures("funding_defaults")
def test_an_expense_with_a_receipt_photo_on_a_phone(
    live_server, chromium, world, per_org, settings, tmp_path
):
    """The secretary photographs the 发票: a renamed file is refused in Chinese with what was
    typed kept; the photo is then kept with the expense, opened from the allocation page,
    and the mistaken expense is deleted after the question, the balance coming back."""
    from django.utils import timezone

    from liangxin.funding.models import ExpenseReceipt

    settings.MEDIA_ROOT = tmp_path
    year = timezone.localdate().year
    budget(world, "1000", year=year)
    (allocation,) = generate(world, per_org, year=year)
    pay(world, allocation)
    page = phone_as(chromium, live_server, "secretary_a")
    page.goto(f"{live_server.url}/funding/allocations/{allocation.pk}/expenses/new/")
    page.wait_for_selector("#allocation-card")
    page.fill("#id_spent_on", timezone.localdate().isoformat())
    page.select_option("#id_category", label="活动经费")
    page.fill("#id_amount", "88.80")
    page.fill("#id_payee", "城南文印店")
    page.fill("#id_receipt_number", "FP2026002")
    renamed = {"name": "发票.jpg", "mimeType": "image/jpeg", "buffer": b"<html>no</html>"}
    page.set_input_files("#id_receipts", renamed)
    assert fits_the_screen(page)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=的内容与扩展名 .jpg 不符")
    assert page.input_value("#id_payee") == "城南文印店"  # nothing typed is lost
    assert page.is_visible("#files-lost")
    assert not Expense.objects.exists()
    assert fits_the_screen(page)
    jpeg = b"\xff\xd8\xff\xe0" + b"a photo of the fapiao" * 10
    page.set_input_files(
        "#id_receipts", {"name": "发票.jpg", "mimeType": "image/jpeg", "buffer": jpeg}
    )
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记支出")
    assert page.locator("#allocation-balance").inner_text() == "911.20 元"
    assert fits_the_screen(page)
    link = page.locator("#expense-table a:has-text('发票.jpg')")
    assert link.is_visible()
    got = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert got.status == 200 and got.body() == jpeg
    assert got.headers["cache-control"] == "no-store"
    page.screenshot(path=str(SCREENSHOTS / "funding-expense-receipt.png"), full_page=True)

    page.click("#expense-table a:has-text('删除')")
    page.wait_for_selector("text=票据附件：发票.jpg")
    assert fits_the_screen(page)
    page.click("button:has-text('确认删除')")
    page.wait_for_selector("text=已删除经费支出")
    assert page.locator("#allocation-balance").inner_text() == "1,000.00 元"
    assert not Expense.objects.exists() and not ExpenseReceipt.objects.exists()

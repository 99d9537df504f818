"""At 390 px in Chromium: a town admin starts the town's annual report, follows the job to
its end, then types 明年工作打算 into the drafted text (WORK.md §7 "Annual work report [I]")."""

from django.utils import timezone

from liangxin.annualreports.models import AnnualReport
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


def test_report_on_a_phone(live_server, chromium, world):
    year = timezone.localdate().year
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/annualreports/")
    page.wait_for_selector("#report-form")
    assert fits_the_screen(page)
    page.fill("#id_year", "1999")
    page.uncheck("#id_want_pdf")
    page.click("button:has-text('生成报告')")
    page.wait_for_selector("text=年度应在 2000 至")
    assert fits_the_screen(page)
    page.fill("#id_year", str(year))
    page.uncheck("#id_want_pdf")
    page.click("button:has-text('生成报告')")
    page.wait_for_selector("#download-docx")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_annualreports_job_phone.png"), full_page=True)
    page.click("text=查看和修改报告")
    page.wait_for_selector("#sections-form")
    assert fits_the_screen(page)
    page.fill("#id_next_year", "推进规上企业党组织应建尽建。")
    page.click("button:has-text('保存正文')")
    page.wait_for_selector("text=正文已保存")
    assert fits_the_screen(page)
    page.screenshot(
        path=str(SCREENSHOTS / "liangxin_annualreports_report_phone.png"), full_page=True
    )
    report = AnnualReport.objects.get(region=world.town_a, year=year)
    assert report.sections["next_year"] == "推进规上企业党组织应建尽建。"

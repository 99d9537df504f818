"""The contact form at 390 px in Chromium: the grid officer whose account is a specialist's
sees the missed weekly 坐诊 on the home page's to-do list, follows it to the contact form,
logs the contact with a request opened from it, and the to-do is gone."""

import datetime

from django.utils import timezone

from liangxin.specialists import periods
from liangxin.specialists.models import Contact
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.specialists.conftest import assign


def test_a_specialist_logs_a_missed_weekly_contact_at_390_px(
    live_server, chromium, world, specialist
):
    last_week = periods.last_ended(timezone.localdate(), "weekly")
    a = assign(specialist, world.ent_a, last_week.start - datetime.timedelta(days=7))
    page = phone_as(chromium, live_server, "grid_a")
    assert "助企专员联系频次未落实" in page.inner_text("body")
    page.get_by_role("link", name="川姜纺织有限公司（周建华）").first.click()
    page.wait_for_selector("#contact-form")
    assert fits_the_screen(page)
    page.select_option("#id_cadence", label="每周一坐诊")
    page.fill("#id_date", last_week.end.isoformat())
    page.select_option("#id_mode", label="窗口坐诊")
    page.fill("#id_findings", "企业反映招工难，需对接职业院校")
    page.check("#id_open_request")
    page.get_by_label("用工", exact=True).check()
    page.fill("#id_submitter_name", "李经理")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_contact_form_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已记录联系")
    assert "已转为诉求" in page.inner_text("body") and fits_the_screen(page)
    logged = Contact.objects.get(assignment=a)
    assert logged.cadence.key == "weekly" and logged.request.channel == "specialist"
    page.goto(f"{live_server.url}/")
    assert "川姜纺织有限公司（周建华）" not in page.inner_text("body")

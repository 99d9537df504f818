"""At 390 px in Chromium: a town admin records a secretary's 述职 to the higher committee
(a score over 100 refused first), sees its grade in the list, then the list of who has not
reported (WORK.md §7, 双承诺双述职 [L:川姜])."""

import pytest

from liangxin.duties.models import DutyReport
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.duties.conftest import LAST_YEAR


def pick(page, name: str, code: str) -> None:
    """Choose ``code`` in a picker field (Tom Select when its script ran, else typed)."""
    field = page.locator(f"[name={name}]")
    if field.evaluate("e => e.tagName") == "SELECT":
        field.evaluate(
            "(e, code) => { e.tomselect.addOption({value: code, text: code});"
            " e.tomselect.setValue(code); }",
            code,
        )
    else:
        field.fill(code)


@pytest.mark.usefixtures("world")
def test_a_report_recorded_on_a_phone(live_server, chromium, world):
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/duties/reports/new/")
    page.wait_for_load_state("networkidle")
    assert fits_the_screen(page)
    pick(page, "organization", world.org_a.code)
    page.fill("#id_year", str(LAST_YEAR))
    page.select_option("#id_audience", label="上级党委")
    page.fill("#id_held_on", f"{LAST_YEAR}-12-20")
    page.fill("#id_measures", "落实三会一课")
    page.fill("#id_daily_score", "80")
    page.fill("#id_superior_score", "190")
    page.fill("#id_member_score", "95")
    page.fill("#id_rectifications", "完善党员积分台账")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=分数应在0到100之间")
    assert fits_the_screen(page)
    assert page.input_value("#id_measures") == "落实三会一课"  # nothing typed is lost
    page.fill("#id_superior_score", "90")
    page.screenshot(path=str(SCREENSHOTS / "liangxin_duties_report_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存述职")
    assert fits_the_screen(page)
    report = DutyReport.objects.get()
    assert str(report.total) == "89.00" and report.get_grade_display() == "称职"
    page.wait_for_selector("#duties-table >> text=称职")

    page.goto(f"{live_server.url}/duties/missing/?year={LAST_YEAR}")
    page.wait_for_selector(f"text={world.org_a.name}")
    assert page.locator("#duties-missing", has_text="未向党员职工述职").count() == 1
    assert fits_the_screen(page)

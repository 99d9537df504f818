"""At 390 px in Chromium: a secretary adds a committee member with company posts to their
organization (no name first: the Chinese error, nothing lost), then ends a term;
the committee page and the figures page fit the screen (WORK.md §7)."""

import pytest

from liangxin.governance.models import CommitteeMember
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


@pytest.mark.usefixtures("committees")
def test_a_secretary_keeps_the_committee_on_a_phone(live_server, chromium, world, committees):
    page = phone_as(chromium, live_server, "secretary_a")
    page.goto(f"{live_server.url}/governance/organizations/{world.org_a.pk}/")
    assert fits_the_screen(page)
    page.click("#member-create")
    page.wait_for_selector("#governance-form")
    assert fits_the_screen(page)
    page.select_option("#id_party_post", label="委员")
    page.select_option("#id_duty", label="纪检委员")
    page.fill("#id_company_title", "监事会主席")
    page.check("#id_on_supervisory_board")
    page.fill("#id_term_started_on", "2024-03-01")
    page.click("button:has-text('保存')")  # neither a member nor a name
    page.wait_for_selector("text=请选择党员或填写姓名")
    assert page.input_value("#id_company_title") == "监事会主席"  # nothing lost
    assert fits_the_screen(page)
    page.fill("#id_name", "外聘李四")
    page.screenshot(path=str(SCREENSHOTS / "liangxin_governance_member_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已添加班子成员")
    assert fits_the_screen(page)
    row = CommitteeMember.objects.get(name="外聘李四")
    assert row.on_supervisory_board and row.duty == "discipline"

    page.goto(f"{live_server.url}/governance/members/{row.pk}/end/")
    assert fits_the_screen(page)
    page.fill("#id_end_reason", "调离")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记离任")
    row.refresh_from_db()
    assert row.term_ended_on is not None and row.end_reason == "调离"

    page.goto(f"{live_server.url}/governance/figures/")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_governance_figures_phone.png"), full_page=True)

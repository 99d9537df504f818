"""At 390 px in Chromium: a liaison records the head's confirmation of a policy from the
receipts list, then a secretary records a 三会 meeting and corrects it (WORK.md §5:
政策联络员 [L:泉州]; 三联三会 [L:平湖])."""

import datetime

import pytest
from django.utils import timezone

from liangxin.liaisons.models import LiaisonMeeting, NoticeReceipt
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.liaisons.conftest import publish


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


@pytest.mark.usefixtures("liaisons")
def test_a_confirmation_and_a_meeting_recorded_on_a_phone(live_server, chromium, world, liaisons):
    notice = publish(world, liaisons["a"], timezone.now() - datetime.timedelta(hours=1))
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/liaisons/receipts/?pending=1")
    assert fits_the_screen(page)
    page.locator("#liaison-table tr", has_text=world.ent_a.name).get_by_role(
        "link", name="确认收到"
    ).click()
    page.wait_for_selector("#receipt-card")
    assert fits_the_screen(page)
    page.fill("#id_head_name", "李建华")
    page.fill("#id_head_post", "董事长")
    page.screenshot(path=str(SCREENSHOTS / "liangxin_policy_receipt_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已登记企业负责人确认")
    assert fits_the_screen(page)
    receipt = NoticeReceipt.objects.get(notice=notice, enterprise=world.ent_a)
    assert (receipt.head_name, receipt.head_post) == ("李建华", "董事长")
    assert receipt.confirmed_at is not None and receipt.working_minutes is not None

    phone = phone_as(chromium, live_server, "secretary_a")
    phone.goto(f"{live_server.url}/liaisons/meetings/new/")
    assert fits_the_screen(phone)
    pick(phone, "organization", world.org_a.code)
    phone.select_option("#id_kind", label="民主恳谈会")
    phone.fill("#id_participants", "18")
    phone.fill("#id_topics", "夜班通勤和食堂")
    phone.fill("#id_issues_raised", "4")
    phone.fill("#id_suggestions_adopted", "3")
    phone.click("button:has-text('保存')")
    phone.wait_for_selector("text=已登记会议")
    assert fits_the_screen(phone)
    phone.screenshot(path=str(SCREENSHOTS / "liangxin_liaison_meeting_phone.png"), full_page=True)
    meeting = LiaisonMeeting.objects.get()
    assert (meeting.kind, meeting.participants, meeting.suggestions_adopted) == (
        "democratic",
        18,
        3,
    )
    assert meeting.held_on == timezone.localdate()

    # The secretary corrects the count from the list, on the phone.
    phone.locator("#liaison-table").get_by_role("link", name=world.org_a.name).first.click()
    phone.wait_for_selector("#liaison-form")
    assert fits_the_screen(phone)
    phone.fill("#id_participants", "19")
    phone.click("button:has-text('保存')")
    phone.wait_for_selector("text=已修改会议")
    meeting.refresh_from_db()
    assert meeting.participants == 19

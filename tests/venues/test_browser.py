"""At 390 px in Chromium: a town's desk opens its centre, records a check by ticking the
standard items (WORK.md §6 [L:廊坊 DB1310/T 264.10—2021]) and reads the score."""

from liangxin.venues.models import VenueCheck
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


def test_a_check_recorded_on_a_phone(live_server, chromium, world, places):
    centre = places["centre"]
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/venues/{centre.pk}/")
    assert fits_the_screen(page)
    page.click("#check-create")
    page.wait_for_selector("#check-items")
    assert fits_the_screen(page)
    page.fill("#id_checker", "镇党委组织委员")
    for name in ("有场所", "有标识", "有活动"):
        page.get_by_label(name, exact=False).first.check()
    page.locator("#check-items li", has_text="有台账").locator("input[type=text]").fill(
        "活动台账不全"
    )
    page.screenshot(path=str(SCREENSHOTS / "liangxin_venue_check_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存")
    assert fits_the_screen(page)
    assert page.locator(".check-score").first.inner_text() == "55"
    check = VenueCheck.objects.get(station=centre)
    assert (check.score, check.full_score, check.checker) == (55, 100, "镇党委组织委员")
    assert check.items.get(standard__code="ledger").note == "活动台账不全"

    page.goto(f"{live_server.url}/venues/new/")
    assert fits_the_screen(page)

"""At 390 px in Chromium: a town's desk opens its centre, records a check by ticking the
standard items (WORK.md §6 [L:廊坊 DB1310/T 264.10—2021]) and reads the score, corrects a
check; the directory printed (print media, A4 wide) shows no bar, filters or buttons."""

from liangxin.venues.models import VenueCheck, VenueStandard
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.venues.conftest import days_ago


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


def test_a_check_corrected_on_a_phone(live_server, chromium, world, places):
    from liangxin.venues import services

    centre = places["centre"]
    site = VenueStandard.objects.get(code="site")
    check = services.check_record(
        actor=world.user("town_a_admin"),
        station=centre,
        checked_on=days_ago(2),
        checker="镇组织委员",
        items={site.pk: (True, "")},
    )
    page = phone_as(chromium, live_server, "town_a")
    page.goto(f"{live_server.url}/venues/{centre.pk}/")
    page.click(f"#check-edit-{check.pk}")
    page.wait_for_selector("#check-items")
    assert fits_the_screen(page)
    assert page.get_by_label("有场所", exact=False).first.is_checked()
    page.get_by_label("有标识", exact=False).first.check()
    page.fill("#id_checker", "镇党委副书记")
    page.screenshot(path=str(SCREENSHOTS / "liangxin_venue_check_edit_phone.png"), full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已保存")
    assert fits_the_screen(page)
    assert page.locator(".check-score").first.inner_text() == "35"
    check.refresh_from_db()
    assert (check.score, check.checker) == (35, "镇党委副书记")


def test_the_directory_prints_on_a4_without_the_bar_and_buttons(live_server, chromium, places):
    page = phone_as(chromium, live_server, "district")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"{live_server.url}/venues/directory/")
    assert page.locator(".navbar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".navbar").is_visible()
    assert not page.locator("#directory-filters").is_visible()
    assert page.locator(".btn:visible").count() == 0
    assert page.locator(".directory-place").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 794
    page.pdf(path=str(SCREENSHOTS / "liangxin_venue_directory.pdf"), format="A4")

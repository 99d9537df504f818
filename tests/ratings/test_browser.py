"""A whole rating cycle for a town of the test data in Chromium (issue 16 "done when"): the
district opens it, the secretary assesses on a 390 px phone, the town reviews on a phone,
the district approves, starts the 公示 and, once it has run, finalizes: the stars are shown
to the organization. Every phone page fits the screen."""

import datetime

import pytest
from django.utils import timezone

from liangxin.ratings.models import CycleState, Rating, RatingCycle, RatingState
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


REFUSED = []  # what the browser's Content-Security-Policy refused on any page


def signed_in(chromium, live_server, username, viewport=PHONE):
    page = chromium.new_context(locale="zh-CN", viewport=viewport).new_page()
    page.on(
        "console",
        lambda message: (
            REFUSED.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def open_cycle(district, live_server) -> RatingCycle:
    district.goto(f"{live_server.url}/ratings/")
    district.click("a:has-text('开启评定')")
    district.select_option("#id_rubric", label="非公企业党组织五星评定（第1版）")
    district.select_option("#id_region", label="川姜镇")
    district.fill("#id_year", "2026")
    district.click("button:has-text('开启')")
    district.wait_for_selector("text=参评党组织 1 个")
    return RatingCycle.objects.get()


def self_assess(secretary, live_server) -> None:
    secretary.goto(f"{live_server.url}/ratings/")  # a secretary lands on their rating
    secretary.wait_for_selector("#self-form")
    assert fits_the_screen(secretary)
    # computed, never typed (dues.on_time, requests.on_time and training.coverage too)
    assert secretary.locator(".auto-note").count() == 7
    for field in secretary.locator("#self-form input[name^=score_]").all():
        field.fill(field.get_attribute("max"))
    secretary.screenshot(path=str(SCREENSHOTS / "ratings-self-assessment.png"), full_page=True)
    secretary.click("button:has-text('提交镇（园区）审核')")
    secretary.wait_for_selector("text=自评已提交")
    assert secretary.inner_text("#rating-state") == "自评已提交"
    assert secretary.locator("#review-form").count() == 0
    assert fits_the_screen(secretary)


def town_review(town, url) -> None:
    town.goto(url)
    town.wait_for_selector("#review-form")
    assert fits_the_screen(town)
    town.fill("#id_satisfaction", "95")
    town.fill("#id_comment", "经实地走访，材料属实")
    town.screenshot(path=str(SCREENSHOTS / "ratings-town-review.png"), full_page=True)
    town.click("button:has-text('审核通过')")
    town.wait_for_selector("text=已审核，报区审定")
    assert town.inner_text("#rating-state") == "镇（园区）已审核"
    assert fits_the_screen(town)


def approve_and_publicize(district, url, cycle_url) -> None:
    district.goto(url)
    district.click("button:has-text('审定通过')")
    district.wait_for_selector("text=已审定")
    district.wait_for_selector("text=仅作提示")  # one organization: over every cap, warned
    district.goto(cycle_url)
    district.click("button:has-text('开始公示')")
    district.wait_for_selector("text=已开始公示")
    assert district.inner_text("#cycle-state") == "公示中"


def publicity_has_run(cycle: RatingCycle) -> None:
    """Time passes: the 公示 the district started today ended yesterday (its working days
    are workdays.py's, tested in test_services.py)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    RatingCycle.objects.filter(pk=cycle.pk).update(
        publicity_from=yesterday - datetime.timedelta(days=7), publicity_until=yesterday
    )


def test_a_whole_cycle_for_a_town_in_the_browser(live_server, world, chromium):
    REFUSED.clear()
    district = signed_in(chromium, live_server, "district", DESKTOP)
    cycle = open_cycle(district, live_server)
    rating = Rating.objects.get(cycle=cycle)
    url = f"{live_server.url}/ratings/ratings/{rating.pk}/"
    cycle_url = f"{live_server.url}/ratings/cycles/{cycle.pk}/"

    secretary = signed_in(chromium, live_server, "secretary_a")
    self_assess(secretary, live_server)
    town_review(signed_in(chromium, live_server, "town_a"), url)
    approve_and_publicize(district, url, cycle_url)

    publicity_has_run(cycle)
    district.goto(cycle_url)
    district.fill("#id_decision_number", "示组〔2026〕8号")
    district.click("button:has-text('定级')")
    district.wait_for_selector("text=已定级：结果已写入各党组织")
    assert district.inner_text("#cycle-state") == "已定级"
    district.screenshot(path=str(SCREENSHOTS / "ratings-cycle.png"), full_page=True)

    rating.refresh_from_db()
    assert rating.state == RatingState.FINAL and rating.level
    assert RatingCycle.objects.get(pk=cycle.pk).state == CycleState.FINALIZED
    secretary.goto(url)
    result = secretary.inner_text("#rating-result")
    assert f"定级结果：{rating.label}" in result
    assert secretary.locator("#rating-result .bi-star-fill").count() == rating.level
    assert fits_the_screen(secretary)
    secretary.goto(f"{live_server.url}/ratings/org/{world.org_a.code}/")
    assert secretary.locator("#current-stars .bi-star-fill").count() == rating.level
    assert "升星" in secretary.inner_text("#changes")
    assert fits_the_screen(secretary)
    secretary.screenshot(path=str(SCREENSHOTS / "ratings-result.png"), full_page=True)
    assert REFUSED == []

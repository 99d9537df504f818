"""On a 390 px phone in Chromium: the district freezes the quarter's 晾晒 snapshot, a star
changes, and a town admin reads the board with its movement and opens their own town.
Every page fits the screen."""

from decimal import Decimal

from liangxin.board import services
from liangxin.organizations.models import PartyOrganization
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401


def test_the_board_with_its_movement_on_a_phone(live_server, world, chromium):
    district = world.user("district_admin")
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=5)
    PartyOrganization.objects.filter(pk=world.org_b.pk).update(star_level=1)
    board = services.board_save(
        actor=district,
        data={
            "name": "镇园区比学赶超",
            "region": world.district,
            "subject_kind": "region",
            "subject_depth": 1,
            "period": "quarterly",
        },
    )
    for key, weight in (("ratings.star_level", 60), ("coverage.org_coverage", 40)):
        services.indicator_save(
            actor=district, board=board, key=key, weight=Decimal(weight), source="测试来源"
        )

    admin = phone_as(chromium, live_server, "district")
    admin.goto(f"{live_server.url}/board/{board.pk}/")
    admin.wait_for_selector("#ranking")
    admin.click("button:has-text('冻结本期快照')")
    admin.wait_for_selector("text=晾晒快照")
    assert fits_the_screen(admin)
    # The server thread shares SQLite's in-memory database: a write from here while it
    # still answers the page's last requests finds the table locked.
    admin.wait_for_load_state("networkidle")

    PartyOrganization.objects.filter(pk=world.org_a.pk).update(star_level=None)
    town = phone_as(chromium, live_server, "town_b")
    refused = []
    town.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    town.goto(f"{live_server.url}/board/{board.pk}/")
    first = town.locator("#ranking tbody tr").first
    assert "开发区" in first.inner_text() and "▲1" in first.inner_text()
    assert "▼1" in town.locator("#ranking tbody tr").nth(1).inner_text()
    assert town.locator("#ranking a:has-text('川姜镇')").count() == 0  # not their town
    town.wait_for_selector("#board-chart canvas")  # ECharts drew the scores (CSP allowed)
    assert fits_the_screen(town)
    town.screenshot(path=str(SCREENSHOTS / "board-phone.png"), full_page=True)
    town.click("#ranking a:has-text('开发区')")
    town.wait_for_selector("#indicators")
    assert "平均星级" in town.inner_text("#indicators")
    assert fits_the_screen(town)
    assert refused == []

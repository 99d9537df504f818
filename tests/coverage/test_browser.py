"""The dashboard in a real browser: charts render, a number drills down to its list."""

from tests.browser import pytestmark  # noqa: F401
from tests.factories import PASSWORD


def test_dashboard_renders_charts_and_drills_down(live_server, world, page):  # noqa: F811
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "district")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=区级管理员")

    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#children-chart canvas")
    assert page.evaluate("window.liangxinCharts.length") >= 1
    # No organization has a star level: a sentence instead of empty axes (test_charts_browser).
    assert page.locator("#stars-chart-empty").is_visible()
    bars = page.evaluate("window.liangxinCharts[0].getOption().series[0].data")
    assert bars == [100, 50]  # 开发区 1/1, 川姜镇 1/2 — sorted, highest first

    card = page.locator('[data-indicator="org_coverage"]')
    assert "66.7%" in card.inner_text()
    card.locator("a", has_text="未达标").click()
    page.wait_for_selector("#drill-count")
    assert page.locator("#drill-part").inner_text() == "未达标"
    assert page.locator("#drill-count").inner_text() == "1"
    assert world.ent_a2.name in page.locator("table").inner_text()

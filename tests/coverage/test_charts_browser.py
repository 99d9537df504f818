"""Charts with few data points still read well (issue 14, item 9), in Chromium: a single
bar keeps its figure and its name, one month of trend shows its values instead of a line
of no length, a chart with nothing to show is a sentence and no empty canvas, the big
screen's selector is Bootstrap's, and the charts refit when the window changes size."""

from liangxin.coverage.services import snapshot_take
from tests.browser import SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav")


FIND_TREND = "window.liangxinCharts.findIndex(c => c.getDom().id === 'trend-chart')"


def option(page, index: int) -> dict:
    return page.evaluate(f"window.liangxinCharts[{index}].getOption()")


def test_one_region_and_one_month_show_their_figures(live_server, world, page):
    snapshot_take()  # this month's: the trend has one month
    log_in(page, live_server, "district")
    page.goto(f"{live_server.url}/dashboard/?region={world.town_a.code}")  # one child: 川姜一片区
    page.wait_for_selector("#children-chart canvas")
    bars = option(page, 0)
    assert bars["xAxis"][0]["data"] == ["川姜一片区"]
    assert bars["xAxis"][0]["axisLabel"]["rotate"] == 0  # a single name stands level
    series = bars["series"][0]
    assert series["data"] == [50] and series["label"]["show"] is True
    assert series["barMaxWidth"]  # one bar is a bar, not the whole frame
    assert page.locator("#children-chart-empty").is_hidden()

    page.wait_for_selector("#trend-chart canvas")
    trend = option(page, page.evaluate(FIND_TREND))
    assert len(trend["xAxis"][0]["data"]) == 1
    coverage = next(s for s in trend["series"] if s["name"] == "组织覆盖率")
    # One month: bars with their figures, not a line with no length.
    assert coverage["type"] == "bar" and coverage["label"]["show"] is True
    assert coverage["data"] == [50]
    page.screenshot(path=str(SCREENSHOTS / "charts-one-region.png"), full_page=True)


def test_nothing_to_show_is_a_sentence_and_no_empty_canvas(live_server, world, page):
    log_in(page, live_server, "district")
    page.goto(f"{live_server.url}/dashboard/?region={world.grid_a.code}")  # a grid: no children
    page.wait_for_selector("#indicator-cards")
    page.wait_for_load_state("load")
    assert page.locator("#children-chart-empty").is_visible()
    assert "没有下级区域" in page.locator("#children-chart-empty").inner_text()
    assert page.locator("#children-chart canvas").count() == 0
    assert page.locator("#trend-chart-empty").is_visible()
    assert page.locator("#trend-chart canvas").count() == 0
    # No organization has a star level yet: a sentence, no empty axes.
    assert page.locator("#stars-chart-empty").is_visible()
    assert page.locator("#stars-chart").is_hidden()
    assert page.locator("#stars-chart canvas").count() == 0


def test_the_big_screen_selector_is_styled_and_empty_charts_are_sentences(live_server, world, page):
    log_in(page, live_server, "district")
    page.goto(f"{live_server.url}/dashboard/screen/?region={world.grid_a.code}")
    select = page.locator("#chart-indicator")
    assert "form-select" in select.get_attribute("class")
    background = select.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(11, 20, 36)"  # the screen's dark, not the browser's white
    assert select.evaluate("el => getComputedStyle(el).backgroundImage") != "none"  # its caret
    assert page.locator("#children-chart-empty").is_visible()
    assert page.locator("canvas").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "screen-empty-grid.png"))


REFITTED = """(before) => {
  const frame = document.getElementById("children-chart");
  const canvas = frame.querySelector("canvas");
  return frame.clientWidth < before && Math.abs(canvas.clientWidth - frame.clientWidth) <= 1;
}"""


def test_charts_refit_when_the_window_changes_size(live_server, world, page):
    log_in(page, live_server, "district")
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#children-chart canvas")
    width = page.evaluate("document.querySelector('#children-chart canvas').clientWidth")
    page.set_viewport_size({"width": 1100, "height": 900})  # still two columns
    # The canvas follows its narrower frame (it would keep its old width without a refit).
    page.wait_for_function(REFITTED, arg=width, timeout=5000)
    assert page.evaluate("document.querySelector('#children-chart canvas').clientWidth") < width

"""Issue 12, stored XSS: a region name reaches the charts as text, never as HTML.

A town admin names a region; the district admin's dashboard and big screen draw
that name in Apache ECharts, whose HTML tooltips render whatever a formatter
returns. The name below ran ``onerror`` in the district admin's browser when the
tooltip formatter concatenated it into HTML.
"""

import pytest

from tests.browser import pytestmark  # noqa: F401
from tests.factories import PASSWORD

HOSTILE = '<img src=x onerror="window.__xss=(window.__xss||0)+1">'


def login_as_district(live_server, page):  # noqa: F811
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "district")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=区级管理员")


def hover_every_bar(page):  # noqa: F811
    """Hover the children chart at each bar, so the tooltip formatter runs for each."""
    chart = page.locator("#children-chart canvas").first
    chart.scroll_into_view_if_needed()  # the mouse reaches only what the viewport shows
    box = chart.bounding_box()
    for step in range(1, 20):
        page.mouse.move(box["x"] + box["width"] * step / 20, box["y"] + box["height"] * 0.6)
        page.wait_for_timeout(40)


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/screen/"])
def test_a_hostile_region_name_is_shown_as_text_in_the_chart_tooltip(
    live_server,
    world,
    page,  # noqa: F811
    path,
):
    # What a town admin may type as a region name (here set directly on the row).
    world.town_a.name = HOSTILE
    world.town_a.save(update_fields=["name"])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login_as_district(live_server, page)

    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector("#children-chart canvas")
    hover_every_bar(page)

    shown = page.evaluate(
        "Array.from(document.querySelectorAll('#children-chart div'))"
        ".map(function (d) { return d.textContent; }).join('\\n')"
    )
    assert HOSTILE in shown  # the tooltip showed the name, as text
    assert page.evaluate("window.__xss") is None
    assert page.locator("#children-chart img").count() == 0
    assert dialogs == []

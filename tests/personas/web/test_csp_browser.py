"""Issue 12: every page works under the Content-Security-Policy, in a real browser.

Each persona opens every link of its navbar (and the pages with charts, the API docs,
the admin for the admins); any 'securitypolicyviolation' event or console message
about the Content Security Policy fails the test, naming the page and what was
refused. A second test types an ID number into a list's search box and checks that
the browser's URL never holds it.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.browser import CHROMIUM, CHROMIUM_ARGS, pytestmark  # noqa: F401

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
                    + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""
PERSONAS = [
    "district_admin",
    "town_a_admin",
    "secretary",
    "instructor",
    "leader",
    "system_admin",
    "security_admin",
    "audit_admin",
]
EXTRA_PAGES = {
    "district_admin": ["/dashboard/", "/dashboard/screen/", "/api/docs/"],
    "system_admin": ["/admin/"],
    "security_admin": ["/admin/"],
}
MAX_PAGES = 40


def session_cookie(user, live_server) -> dict:
    """A logged-in session for ``user``, as a browser cookie (no login form needed)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"name": "sessionid", "value": session.session_key, "url": live_server.url}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, live_server, user):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(user, live_server)])
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return page, console


def navbar_links(page, live_server) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav a[href]", "links => links.map(function (a) { return a.getAttribute('href'); })"
    )
    host = urlsplit(live_server.url).netloc
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if (
            parts.scheme in ("", "http")
            and parts.netloc in ("", host)
            and parts.path.startswith("/")
        ):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in paths and "logout" not in path:
                paths.append(path)
    return paths


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_navbar_page_runs_without_a_csp_violation(live_server, world, browser, persona):
    page, console = open_page(browser, live_server, world.user(persona))
    page.goto(f"{live_server.url}/")
    paths = ["/", *navbar_links(page, live_server), *EXTRA_PAGES.get(persona, [])]
    assert len(paths) > 1 or persona in ("system_admin", "security_admin", "audit_admin")
    problems = {}
    for path in paths[:MAX_PAGES]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        if page.locator("[data-bs-toggle=dropdown]").count():
            page.locator("[data-bs-toggle=dropdown]").first.click()  # Bootstrap's Popper styles
        if page.locator("#children-chart canvas").count():
            box = page.locator("#children-chart canvas").first.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
            page.wait_for_timeout(200)  # the tooltip
        found = page.evaluate("window.__csp") + console
        if found:
            problems[path] = list(found)
        console.clear()
    assert problems == {}


def test_a_search_by_id_number_never_reaches_the_address_bar(live_server, world, browser):
    page, console = open_page(browser, live_server, world.user("district_admin"))
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/members/")
    page.fill("#id_search", world.member_a_id_number)
    page.click("button:has-text('筛选')")
    page.wait_for_url("**search_ref=**")
    assert world.member_a_id_number not in page.url
    assert world.member_a.name in page.locator("table").inner_text()
    assert world.member_b.name not in page.locator("table").inner_text()
    assert page.input_value("#id_search") == world.member_a_id_number
    page.locator("th a").first.click()  # sort: the search stays, the number stays out
    page.wait_for_load_state("networkidle")
    assert world.member_a.name in page.locator("table").inner_text()
    assert not [url for url in requested if world.member_a_id_number in url]
    assert page.evaluate("window.__csp") == [] and console == []

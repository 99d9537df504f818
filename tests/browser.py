"""Debian's Chromium driven by Playwright: the launch flags, the marks, and what the phone
tests share (a 390 px viewport, signing in, "fits the screen"); the ``page`` and
``chromium`` fixtures are in tests/conftest.py."""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from
# the test body (fixtures) are still synchronous and safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("LIANGXIN_SCREENSHOTS", "/tmp"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="需要 /usr/bin/chromium（apt-get install chromium fonts-noto-cjk）；CI 会安装",
    ),
]

PHONE = {"width": 390, "height": 844}


def phone_as(chromium, live_server, username, password=None):
    """A new 390 px page signed in as ``username`` (the login form, as a person would)."""
    page = chromium.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

"""The certification and allowance pages on a 390 px phone in Chromium (issue 17: "every page
usable at 390 px"): the district admin computes last year's allowance list and reads it, the
certification list and a certificate with its events and 年检 fit the screen."""

import datetime

import pytest

from liangxin.workforce.models_people import Allowance, Honour
from tests.browser import SCREENSHOTS, fits_the_screen, phone_as, pytestmark  # noqa: F401
from tests.workforce.test_cert_support import (  # noqa: F401
    assessed,
    checked,
    defaults,
    issued,
    worker,
)

D = datetime.date
Y = 2025


@pytest.fixture
def certified(world, defaults):  # noqa: F811
    person = worker(world.grid_a, "欧阳明珠", pioneer_craftsman=True)
    cert = issued(person, "special", issued_on=D(Y - 1, 6, 1), number="JS-TJ-2024-000123456789")
    assessed(person, Y)
    checked(cert, Y)
    Honour.objects.create(
        worker=person, title="市级优秀党务工作者（两新组织党建工作先进个人）", level="city",
        awarded_by="市委组织部", awarded_on=D(Y, 7, 1),
    )  # fmt: skip
    return cert


def test_the_allowance_list_and_the_certificates_fit_a_phone(live_server, chromium, certified):
    page = phone_as(chromium, live_server, "district")
    page.goto(f"{live_server.url}/instructors/allowances/?year={Y}")
    assert fits_the_screen(page)
    page.click("#allowance-actions button:has-text('核算')")
    page.wait_for_selector(f"text=已核算{Y}年度津贴")
    assert Allowance.objects.count() == 2
    assert "14,600.00" in page.inner_text("#allowance-total")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "liangxin_allowances_phone.png"), full_page=True)

    page.goto(f"{live_server.url}/instructors/certifications/")
    assert "欧阳明珠 · 特级" in page.inner_text("#certifications")
    assert fits_the_screen(page)
    page.click("#certifications a")
    page.wait_for_selector("#checks")
    assert f"{Y}年度" in page.inner_text("#checks")
    assert "JS-TJ-2024-000123456789" in page.content()
    assert fits_the_screen(page)
    for path in ("allowances/rules/", "certifications/levels/", "certifications/new/",
                 "honours/", "honours/new/"):  # fmt: skip
        page.goto(f"{live_server.url}/instructors/{path}")
        assert fits_the_screen(page), path

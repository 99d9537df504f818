"""A secretary on a 390 px phone in Chromium forms a team, adds a member, ends a post: every
page fits the screen (no sideways scrolling)."""

import datetime

import pytest

from liangxin.posts.models import PostAssignment, Team
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark  # noqa: F401
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(live_server, world):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = chromium.new_context(locale="zh-CN", viewport=PHONE).new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "secretary_a")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        yield page
        chromium.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_secretary_forms_a_team_and_ends_a_post_on_a_phone(live_server, world, phone):
    post = PostAssignment.objects.create(
        member=world.member_a,
        organization=world.org_a,
        kind="vanguard_post",
        title="织造车间党员先锋岗",
        started_on=datetime.date(2026, 1, 1),
    )
    phone.goto(f"{live_server.url}/posts/teams/new/")
    assert fits_the_screen(phone)
    phone.fill("#id_name", "织造先锋队")
    phone.select_option("#id_kind", "vanguard_team")
    organization = phone.locator("[name=organization]")
    if organization.evaluate("e => e.tagName") == "SELECT":  # the picker (Tom Select)
        organization.evaluate(
            "(e, code) => { e.tomselect ? e.tomselect.addOption({value: code, text: code}) : 0;"
            " e.tomselect ? e.tomselect.setValue(code) : (e.value = code); }",
            world.org_a.code,
        )
    else:
        organization.fill(world.org_a.code)
    phone.fill("#id_formed_on", "2026-01-01")
    phone.click("button:has-text('保存')")
    phone.wait_for_selector("text=在队队员")
    assert fits_the_screen(phone)
    phone.select_option("#id_member", label=f"林晓红（{world.org_a.name}）")
    phone.fill("#id_joined_on", "2026-02-01")
    phone.click("button:has-text('添加队员')")
    phone.wait_for_selector("text=林晓红已加入织造先锋队")
    assert fits_the_screen(phone)
    phone.screenshot(path=str(SCREENSHOTS / "liangxin_team_phone.png"), full_page=True)
    assert list(Team.objects.get().members.all()) == [world.member_a]

    phone.goto(f"{live_server.url}/posts/")
    assert fits_the_screen(phone)
    phone.goto(f"{live_server.url}/posts/{post.pk}/end/")
    assert fits_the_screen(phone)
    phone.fill("#id_ended_on", "2026-06-30")
    phone.click("button:has-text('确认')")
    phone.wait_for_selector("text=已结束")
    post.refresh_from_db()
    assert post.ended_on == datetime.date(2026, 6, 30)

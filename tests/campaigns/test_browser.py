"""At 390 px in Chromium: a grid officer corrects one enterprise of their grid and confirms
the rest with 全部确认 (一户一表摸底排查 [L:丹东])."""

import datetime

from django.utils import timezone

from liangxin.campaigns import defaults, services
from liangxin.campaigns.models import CampaignKind, RoundRow, RowState
from liangxin.enterprises.models import Enterprise
from tests import factories as f
from tests.browser import fits_the_screen, phone_as, pytestmark  # noqa: F401


def test_a_grid_officer_confirms_the_grid_on_a_phone(live_server, chromium, world):
    defaults.seed(CampaignKind)  # flushed by the transactional test
    f.account("grid_a_officer", "grid_officer", regions=[world.grid_a])
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=world.user("district_admin"),
        kind=CampaignKind.objects.get(code="ledger_review"),
        title="示范区一户一表摸底排查",
        region=world.district,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
    )
    round_ = services.round_open(actor=world.user("district_admin"), campaign=campaign)
    page = phone_as(chromium, live_server, "grid_a_officer")
    page.goto(f"{live_server.url}/campaigns/mine/")
    page.wait_for_selector("#row-list")
    assert fits_the_screen(page)
    page.locator("[data-row]", has_text=world.ent_a2.name).get_by_role("link", name="更正").click()
    page.wait_for_selector("#correct-form")
    assert fits_the_screen(page)
    page.fill("#id_employee_count", "-1")
    page.click("#correct-form button[type=submit]")
    page.wait_for_selector("#form-errors")
    assert "职工人数不能为负数" in page.content()
    page.fill("#id_employee_count", "52")
    page.click("#correct-form button[type=submit]")
    page.wait_for_selector("#confirm-all")
    page.click("#confirm-all button")
    page.wait_for_selector("text=已全部确认")
    assert fits_the_screen(page)
    states = dict(RoundRow.objects.filter(round=round_).values_list("enterprise_id", "state"))
    assert states[world.ent_a2.pk] == RowState.CORRECTED
    assert states[world.ent_a.pk] == RowState.CONFIRMED
    assert states[world.ent_b.pk] == RowState.PENDING
    assert Enterprise.objects.get(pk=world.ent_a2.pk).employee_count == 52

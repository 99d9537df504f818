"""一户一表摸底排查 [L:丹东: "每年开展摸底排查，建立‘一户一表’实名制台账"]: a round over the
district asks each grid to confirm or correct every enterprise row of its area; a correction
goes to the registry through the enterprises service (audited); the round shows which grids
are done."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.campaigns import selectors, services
from liangxin.campaigns.models import CampaignKind, RoundRow, RowState
from liangxin.enterprises.models import Enterprise
from tests import factories as f
from tests.clients import MODEL_BACKEND
from tests.liaisons.conftest import workbook_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(world):
    """A round over the district: grid A holds 川姜纺织 and 川姜电子, grid B 开发区机械, and
    one enterprise registered directly under town B (no grid)."""
    f.EnterpriseFactory(name="开发区直管物流有限公司", region=world.town_b, employee_count=15)
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=world.user("district_admin"),
        kind=CampaignKind.objects.get(code="ledger_review"),
        title="示范区一户一表摸底排查",
        region=world.district,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=30),
    )
    return services.round_open(actor=world.user("district_admin"), campaign=campaign)


def client_of(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def grid_table(response) -> dict[str, list[str]]:
    """The round page's rows: {grid: [officers, total, confirmed, corrected, pending, 完成情况]}."""
    found = {}
    for row in re.findall(r"<tr data-grid.*?</tr>", response.content.decode(), re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td.*?</td>", row, re.S)]
        found[cells[0]] = cells[1:]
    return found


def by_grid(world, round_):
    found = selectors.round_progress(user=world.user("district_admin"), round_=round_)
    return {g.label: g for g in found}


def test_the_round_holds_one_row_per_enterprise_under_its_grid(world, review):
    grids = by_grid(world, review)
    assert grids["川姜一网格"].total == 2
    assert grids["开发区一网格"].total == 1
    assert grids["开发区（未划网格）"].total == 1


def test_grid_a_confirms_and_corrects_grid_b_has_not_finished(
    world, review, grid_a_officer, grid_b_officer
):
    client = client_of(grid_a_officer)
    rows = client.get(reverse("campaigns:round-rows", args=[review.pk])).content.decode()
    assert world.ent_a.name in rows and world.ent_b.name not in rows
    row_a2 = RoundRow.objects.get(round=review, enterprise=world.ent_a2)

    response = client.post(
        reverse("campaigns:row-correct", args=[row_a2.pk]),
        {"employee_count": "55", "status": "operating", "address": "川姜镇工业园8号"},
    )
    assert response.status_code == 302
    ent_a2 = Enterprise.objects.get(pk=world.ent_a2.pk)
    assert (ent_a2.employee_count, ent_a2.address) == (55, "川姜镇工业园8号")
    row_a2.refresh_from_db()
    assert row_a2.state == RowState.CORRECTED
    assert row_a2.corrections["employee_count"] == ["40", "55"]
    entry = LogEntry.objects.get_for_object(ent_a2).latest("timestamp")
    assert entry.actor == grid_a_officer and "employee_count" in entry.changes_dict

    response = client.post(reverse("campaigns:round-rows", args=[review.pk]))  # 全部确认
    assert response.status_code == 302
    assert RoundRow.objects.get(round=review, enterprise=world.ent_a).state == RowState.CONFIRMED

    page = client_of(world.user("district_admin")).get(reverse("campaigns:round", args=[review.pk]))
    shown = grid_table(page)
    assert shown["川姜一网格"] == ["grid_a_officer", "2", "1", "1", "0", "完成"]
    assert shown["开发区一网格"] == ["grid_b_officer", "1", "0", "0", "1", "未完成"]
    assert shown["开发区（未划网格）"] == ["镇/园区管理员", "1", "0", "0", "1", "未完成"]

    # Grid B's officer cannot reach grid A's rows.
    other = client_of(grid_b_officer)
    row_a = RoundRow.objects.get(round=review, enterprise=world.ent_a)
    assert other.post(reverse("campaigns:row-confirm", args=[row_a.pk])).status_code == 404
    assert other.get(reverse("campaigns:row-correct", args=[row_a.pk])).status_code == 404
    assert (
        world.ent_a.name
        not in other.get(reverse("campaigns:round-rows", args=[review.pk])).content.decode()
    )


def test_a_confirmed_row_is_not_confirmed_twice(world, review, grid_a_officer):
    row = RoundRow.objects.get(round=review, enterprise=world.ent_a)
    services.row_confirm(actor=grid_a_officer, row=row)
    with pytest.raises(ValidationError, match="已确认，不能重复确认"):
        services.row_confirm(actor=grid_a_officer, row=row)
    response = client_of(grid_a_officer).post(
        reverse("campaigns:row-confirm", args=[row.pk]), follow=True
    )
    assert "不能重复确认" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"employee_count": "-3", "status": "operating"}, "职工人数不能为负数"),
        ({"employee_count": "abc", "status": "operating"}, "职工人数应为整数"),
        ({"employee_count": "99999999999", "status": "operating"}, "职工人数过大"),
        ({"employee_count": "120", "status": "bankrupt"}, "选择一个有效的选项"),
        ({"employee_count": "120", "status": "operating", "address": "址" * 201}, "200"),
        ({"employee_count": "120", "status": "operating"}, "没有更正任何内容"),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_changes(
    world, review, grid_a_officer, data, message
):
    row = RoundRow.objects.get(round=review, enterprise=world.ent_a)
    response = client_of(grid_a_officer).post(reverse("campaigns:row-correct", args=[row.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    row.refresh_from_db()
    assert row.state == RowState.PENDING
    assert Enterprise.objects.get(pk=world.ent_a.pk).employee_count == 120


def test_pending_export_and_the_grid_officers_todo(world, review, grid_b_officer):
    from liangxin.core.home import todos_for

    client = client_of(world.user("town_b_admin"))
    response = client.get(reverse("campaigns:round-export", args=[review.pk]))
    assert response.status_code == 200
    names = {row[1] for row in workbook_rows(response)}
    assert {world.ent_b.name, "开发区直管物流有限公司"} <= names
    assert world.ent_a.name not in names

    due = {d.todo.key: d.count for d in todos_for(grid_b_officer)}
    assert due["campaigns_round_pending"] == 1
    response = client_of(grid_b_officer).get(reverse("campaigns:my-round"))
    assert response["Location"] == reverse("campaigns:round-rows", args=[review.pk])


def test_only_organizers_open_a_round_and_only_for_a_review_kind(world, review):
    with pytest.raises(ValidationError, match="不开展逐户摸底"):
        campaign = services.campaign_create(
            actor=world.user("district_admin"),
            kind=CampaignKind.objects.get(code="double_coverage"),
            title="攻坚",
            region=world.district,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )
        services.round_open(actor=world.user("district_admin"), campaign=campaign)
    with pytest.raises(ValidationError, match="已有摸底轮次"):
        services.round_open(
            actor=world.user("district_admin"), campaign=review.campaign, as_of=review.as_of
        )


def test_a_round_outside_the_scope_does_not_exist(world, review, login):
    for url in (
        reverse("campaigns:round", args=[review.pk]),
        reverse("campaigns:round-rows", args=[review.pk]),
        reverse("campaigns:round-export", args=[review.pk]),
    ):
        assert login("outsider").get(url).status_code == 404
        assert login("secretary").get(url).status_code == 404
    row = RoundRow.objects.get(round=review, enterprise=world.ent_a)
    assert (
        login("town_b_admin").post(reverse("campaigns:row-confirm", args=[row.pk])).status_code
        == 404
    )
    assert login("leader").post(reverse("campaigns:row-confirm", args=[row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.state == RowState.PENDING


def test_nothing_to_confirm_says_so(world, grid_a_officer):
    response = client_of(grid_a_officer).get(reverse("campaigns:my-round"))
    assert response.status_code == 200
    assert "当前没有需要您确认的摸底排查" in response.content.decode()


def test_the_round_button_opens_one_round_a_day(world, review, login):
    client = login("district_admin")
    url = reverse("campaigns:action", args=[review.campaign.pk, "round"])
    response = client.post(url, follow=True)
    assert "该行动在这一基准日已有摸底轮次" in response.content.decode()
    assert review.campaign.rounds.count() == 1
    assert (
        client.post(reverse("campaigns:action", args=[review.campaign.pk, "nope"])).status_code
        == 403
    )
    assert client.get(url).status_code == 405


def test_confirm_all_with_nothing_pending_says_so(world, review, grid_a_officer):
    client = client_of(grid_a_officer)
    client.post(reverse("campaigns:round-rows", args=[review.pk]))
    response = client.post(reverse("campaigns:round-rows", args=[review.pk]), follow=True)
    assert "没有待确认的企业" in response.content.decode()


def test_typed_names_are_shown_as_text(world, review, login):
    hostile = '<script>alert("x")</script>'
    Enterprise.objects.filter(pk=world.ent_a.pk).update(name=hostile)
    client = login("district_admin")
    for url in (
        reverse("campaigns:round-rows", args=[review.pk]),
        reverse("campaigns:campaign", args=[review.campaign.pk]),
    ):
        page = client.get(url).content.decode()
        assert hostile not in page
    assert (
        "&lt;script&gt;"
        in client.get(reverse("campaigns:round-rows", args=[review.pk])).content.decode()
    )


def test_a_town_confirms_one_grid_at_a_time(world, review, login):
    client = login("town_b_admin")
    url = reverse("campaigns:round-rows", args=[review.pk])
    page = client.get(url + f"?grid={world.grid_b.code}").content.decode()
    assert world.ent_b.name in page and "开发区直管物流有限公司" not in page
    client.post(url, {"grid": world.grid_b.code})
    states = dict(RoundRow.objects.filter(round=review).values_list("enterprise__name", "state"))
    assert states[world.ent_b.name] == RowState.CONFIRMED
    assert states["开发区直管物流有限公司"] == RowState.PENDING
    assert states[world.ent_a.name] == RowState.PENDING
    # A grid the town does not see (town A's) or that does not exist: 404, nothing confirmed.
    assert client.get(url + f"?grid={world.grid_a.code}").status_code == 404
    assert client.post(url, {"grid": world.grid_a.code}).status_code == 404
    assert client.post(url, {"grid": "NO-SUCH"}).status_code == 404
    assert RoundRow.objects.get(round=review, enterprise=world.ent_a).state == RowState.PENDING

"""A check is corrected (issue 19: standard items checked like a checklist): its date,
checker, opinion and items met change through the service, the score is summed again from
the points copied at the check, the audit log keeps the change; bad input changes nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.venues import services
from liangxin.venues.models import VenueCheck, VenueStandard
from tests.venues.conftest import days_ago


@pytest.fixture
def check(world, places):
    """The centre checked three days ago: 有场所 (20) and 有标识 (15) met, 55 of 100 wanted."""
    ids = dict(VenueStandard.objects.values_list("code", "pk"))
    return services.check_record(
        actor=world.user("town_a_admin"),
        station=places["centre"],
        checked_on=days_ago(3),
        checker="镇组织委员",
        note="基本达标",
        items={ids["site"]: (True, ""), ids["sign"]: (True, ""), ids["ledger"]: (False, "缺")},
    )


def input_tag(html: str, element_id: str) -> str:
    end = html.index(f'id="{element_id}"')
    start = html.rindex("<input", 0, end)
    return html[start : html.index(">", end) + 1]


def edit_data(check, ticked, **extra) -> dict:
    data = {"checked_on": check.checked_on.isoformat(), "checker": check.checker, "note": ""}
    for item in check.items.select_related("standard"):
        if item.standard.code in ticked:
            data[f"met_{item.standard_id}"] = "on"
        data[f"note_{item.standard_id}"] = item.note
    data.update(extra)
    return data


def post_edit(client, check, ticked, **extra):
    url = reverse("venues:check-edit", args=[check.pk])
    return client.post(url, edit_data(check, ticked, **extra))


def test_the_form_shows_the_check_as_recorded(world, login, check):
    page = login("town_a_admin").get(reverse("venues:check-edit", args=[check.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "修改检查" in html
    site = VenueStandard.objects.get(code="site")
    ledger = VenueStandard.objects.get(code="ledger")
    assert "checked" in input_tag(html, f"id_met_{site.pk}")
    assert "checked" not in input_tag(html, f"id_met_{ledger.pk}")
    assert 'value="缺"' in html and 'value="镇组织委员"' in html


def test_a_corrected_check_is_scored_again_and_audited(world, login, check):
    client = login("town_a_admin")
    response = post_edit(
        client, check, {"site", "sign", "activities"}, checker="镇党委副书记", note="复核"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("venues:place", args=[check.station_id])
    check.refresh_from_db()
    assert (check.score, check.full_score, check.checker) == (55, 100, "镇党委副书记")
    assert check.items.filter(met=True).count() == 3
    page = client.get(reverse("venues:place", args=[check.station_id])).content.decode()
    assert '得分 <span class="check-score">55</span> / 100' in page
    assert f'id="check-edit-{check.pk}"' in page
    changes = LogEntry.objects.get_for_object(check).filter(action=LogEntry.Action.UPDATE)
    assert any("镇党委副书记" in str(entry.changes) for entry in changes)


def test_the_points_stay_those_of_the_check(world, login, check):
    VenueStandard.objects.filter(code="activities").update(points=50)
    assert post_edit(login("town_a_admin"), check, {"site", "activities"}).status_code == 302
    check.refresh_from_db()
    assert (check.score, check.full_score) == (20 + 20, 100)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"checked_on": "2026-02-30"}, "请输入正确的日期"),
        ({"checked_on": ""}, "该字段是必填项"),
        ({"checked_on": "1999-12-31"}, "检查日期不能早于 2000 年"),
        ({"checker": "  "}, "该字段是必填项"),
        ({"checker": "人" * 41}, "40"),
        ({"note": "意" * 501}, "500"),
    ],
)
def test_bad_input_changes_nothing(world, login, check, extra, message):
    response = post_edit(login("town_a_admin"), check, {"site", "sign", "activities"}, **extra)
    assert response.status_code == 200 and message in response.content.decode()
    check.refresh_from_db()
    assert (check.score, check.checker, check.checked_on) == (35, "镇组织委员", days_ago(3))


def test_a_future_date_or_the_date_of_another_check_is_refused(world, login, check):
    client = login("town_a_admin")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post_edit(client, check, {"site"}, checked_on=tomorrow)
    assert "检查日期不能晚于今天" in response.content.decode()
    other = services.check_record(
        actor=world.user("town_a_admin"),
        station=check.station,
        checked_on=days_ago(1),
        checker="另一次",
        items={},
    )
    response = post_edit(client, check, {"site"}, checked_on=other.checked_on.isoformat())
    assert "该阵地当天已登记检查" in response.content.decode()
    check.refresh_from_db()
    assert (check.checked_on, check.score) == (days_ago(3), 35)


def test_an_item_note_too_long_changes_nothing(world, login, check):
    ledger = VenueStandard.objects.get(code="ledger")
    response = post_edit(
        login("town_a_admin"), check, {"ledger"}, **{f"note_{ledger.pk}": "x" * 201}
    )
    assert response.status_code == 200
    assert (
        check.items.get(standard=ledger).note == "缺" and not check.items.get(standard=ledger).met
    )


def test_an_item_not_of_the_check_is_refused(world, check):
    extra = VenueStandard.objects.create(code="extra", name="后加的项目", points=5, source="测试")
    with pytest.raises(ValidationError, match="不属于本次检查"):
        services.check_update(
            actor=world.user("town_a_admin"),
            check=check,
            checked_on=check.checked_on,
            checker="镇组织委员",
            items={extra.pk: (True, "")},
        )
    assert VenueCheck.objects.get(pk=check.pk).score == 35


def test_another_town_gets_404_and_readers_403(world, login, check):
    url = reverse("venues:check-edit", args=[check.pk])
    assert login("town_b_admin").get(url).status_code == 404
    assert post_edit(login("town_b_admin"), check, {"site"}).status_code == 404
    assert login("secretary").get(url).status_code == 403
    assert login("leader").post(url, edit_data(check, {"site"})).status_code == 403
    check.refresh_from_db()
    assert check.score == 35
    assert login("town_a_admin").get(reverse("venues:check-edit", args=[99999])).status_code == 404

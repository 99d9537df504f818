"""Standard items checked like a checklist (WORK.md §6 rules: venue kinds; centre star
indicators [L:廊坊 DB1310/T 264.10—2021], [L: T/ZSX 5-2024]): the score is the sum of the
met items' points; a standard limited to some kinds is not asked of the others."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liangxin.venues import services
from liangxin.venues.models import VenueCheck, VenueStandard
from tests.venues.conftest import days_ago, kind


def post_check(client, station, ticked, **extra):
    data = {"checked_on": days_ago(1).isoformat(), "checker": "镇组织委员", "note": "整体良好"}
    for standard in VenueStandard.objects.all():
        if standard.code in ticked:
            data[f"met_{standard.pk}"] = "on"
        data[f"note_{standard.pk}"] = ""
    data.update(extra)
    return client.post(reverse("venues:check-create", args=[station.pk]), data)


def test_the_score_is_the_sum_of_the_met_items(world, login, places):
    centre = places["centre"]
    response = post_check(login("town_a_admin"), centre, {"site", "sign", "activities"})
    assert response.status_code == 302
    check = VenueCheck.objects.get(station=centre)
    assert (check.score, check.full_score) == (20 + 15 + 20, 100)
    assert check.items.count() == 6 and check.items.filter(met=True).count() == 3
    page = login("town_a_admin").get(reverse("venues:place", args=[centre.pk])).content.decode()
    assert '得分 <span class="check-score">55</span> / 100' in page


def test_a_standard_for_some_kinds_only_is_not_asked_of_the_others(world, places):
    only_parks = VenueStandard.objects.create(
        code="park_hall", name="有展厅", points=10, source="测试", order=9
    )
    only_parks.kinds.set([kind("park_centre")])
    park = services.check_record(
        actor=world.user("town_b_admin"),
        station=places["park"],
        checked_on=days_ago(2),
        checker="园区组织委员",
        items={only_parks.pk: (True, "")},
    )
    assert (park.score, park.full_score) == (10, 110)
    with pytest.raises(ValidationError, match="不适用"):
        services.check_record(
            actor=world.user("town_a_admin"),
            station=places["centre"],
            checked_on=days_ago(2),
            checker="镇组织委员",
            items={only_parks.pk: (True, "")},
        )
    assert not VenueCheck.objects.filter(station=places["centre"]).exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"checked_on": "2026-13-01"}, "请输入正确的日期"),
        ({"checked_on": "1999-12-31"}, "检查日期不能早于 2000 年"),
        ({"checker": ""}, "该字段是必填项"),
        ({"checker": "人" * 41}, "40"),
        ({"note": "意" * 501}, "500"),
    ],
)
def test_bad_check_input_is_refused(world, login, places, extra, message):
    response = post_check(login("town_a_admin"), places["centre"], {"site"}, **extra)
    assert response.status_code == 200 and message in response.content.decode()
    assert not VenueCheck.objects.exists()


def test_a_future_date_and_a_second_check_that_day_are_refused(world, login, places):
    client = login("town_a_admin")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_check(client, places["centre"], set(), checked_on=tomorrow.isoformat())
    assert "检查日期不能晚于今天" in response.content.decode()
    assert post_check(client, places["centre"], {"site"}).status_code == 302
    response = post_check(client, places["centre"], {"site", "sign"})
    assert "该阵地当天已登记检查" in response.content.decode()
    assert VenueCheck.objects.get().score == 20


def test_an_item_note_too_long_is_refused(world, login, places):
    standard = VenueStandard.objects.get(code="ledger")
    response = post_check(
        login("town_a_admin"), places["centre"], {"ledger"}, **{f"note_{standard.pk}": "x" * 201}
    )
    assert response.status_code == 200 and not VenueCheck.objects.exists()


def test_a_place_without_profile_is_completed_first(world, login, places):
    response = login("town_a_admin").get(reverse("venues:check-create", args=[places["old"].pk]))
    assert response["Location"] == reverse("venues:place-edit", args=[places["old"].pk])


def test_only_the_desks_record_checks(world, login, places):
    assert (
        login("secretary")
        .get(reverse("venues:check-create", args=[places["centre"].pk]))
        .status_code
        == 403
    )

"""Statistics (WORK.md §6: venues by kind and level — 川姜: 1 标杆, 6 示范; 泉州: 1 centre +
10 stations) against hand counts, and the activities held at places (servicelists.Activity
linked to its place) with their participants in a year."""

import datetime

from django.urls import reverse
from django.utils import timezone

from liangxin.life.models import Meeting
from liangxin.servicelists import services as activity_services
from liangxin.servicelists.models import Activity, ActivityType
from liangxin.venues import selectors
from tests.liaisons.conftest import workbook_rows


def activity(world, actor, region, place, title, held_on, participants, place_name=""):
    return activity_services.activity_create(
        actor=world.user(actor),
        data={
            "activity_type": ActivityType.objects.get(name="邻里共享日"),
            "title": title,
            "held_on": held_on,
            "region": region,
            "place": place,
            "place_name": place_name,
            "organizer": None,
            "participants": participants,
            "service_item": None,
            "note": "",
        },
    )


def test_places_by_town_and_kind_and_level(world, places):
    by_kind = selectors.crosstab(user=world.user("district_admin"), region=None, by="kind")
    codes = [c.code for c in by_kind.columns]
    rows = {
        town.name: dict(zip(codes, cells, strict=True)) | {"未完善": miss, "合计": total}
        for town, cells, miss, total in by_kind.rows
    }
    # 川姜镇: the benchmark centre, one enterprise centre, one old station not completed
    assert rows["川姜镇"]["district_centre"] == 1 and rows["川姜镇"]["enterprise_centre"] == 1
    assert (rows["川姜镇"]["未完善"], rows["川姜镇"]["合计"]) == (1, 3)
    # 开发区: 1 park centre + 2 stations (泉州-style)
    assert (rows["开发区"]["park_centre"], rows["开发区"]["service_station"]) == (1, 2)
    assert rows["开发区"]["合计"] == 3
    assert (by_kind.total, by_kind.missing_total) == (6, 1)
    by_level = selectors.crosstab(user=world.user("district_admin"), region=None, by="level")
    totals = dict(zip([c.code for c in by_level.columns], by_level.column_totals, strict=True))
    assert totals == {"town_benchmark": 1, "enterprise_model": 1, "park_centre": 1, "general": 2}


def test_a_town_counts_only_its_own_places(world, places):
    by_kind = selectors.crosstab(user=world.user("town_b_admin"), region=None, by="kind")
    assert [town.name for town, *_ in by_kind.rows] == ["开发区"] and by_kind.total == 3


def test_activities_and_participants_in_a_year(world, login, places):
    today = timezone.localdate()
    centre, station = places["centre"], places["stations"][0]
    for n, people in enumerate((10, 20, 30), start=1):
        activity(world, "town_a_admin", world.town_a, centre, f"邻里共享日第{n}期", today, people)
    last_year = datetime.date(today.year - 1, 6, 1)
    activity(world, "town_a_admin", world.town_a, centre, "去年的活动", last_year, 99)
    activity(world, "town_b_admin", world.town_b, station, "青春学堂", today, 15)
    activity(world, "town_b_admin", world.town_b, None, "村里的活动", today, 40, "某村礼堂")
    saved = Activity.objects.get(title="青春学堂")
    assert saved.place == station and saved.place_name == "开发区第1服务站"

    rows = selectors.activity_figures(
        user=world.user("district_admin"), region=None, year=today.year
    )
    found = {r.town.name: (r.places, r.activities, r.participants) for r in rows}
    assert found == {"川姜镇": (1, 3, 60), "开发区": (1, 1, 15)}

    client = login("town_a_admin")
    page = client.get(reverse("venues:place", args=[centre.pk])).content.decode()
    assert "共 4 次，参加 159 人次" in page  # every year on the place's page
    page = client.get(reverse("venues:figures"), {"year": today.year - 1}).content.decode()
    assert "去年的活动" not in page and ">99<" in page


def test_the_figures_page_and_export(world, login, places):
    client = login("district_admin")
    page = client.get(reverse("venues:figures")).content.decode()
    assert "园区党群服务中心" in page and "镇级标杆" in page
    rows = workbook_rows(client.get(reverse("venues:figures-export")))
    totals = [[c for c in row if c != ""] for row in rows if row and row[0] == "合计"]
    assert totals[0][-1] == 6 and totals[1][-1] == 6  # by kind, by level


def test_the_meetings_held_there_are_shown(world, login, places):
    centre = places["centre"]
    common = {"organization": world.org_a, "kind": "general_assembly", "topic": "学习党章"}
    Meeting.objects.create(held_on=timezone.localdate(), place=centre.name, **common)
    Meeting.objects.create(
        held_on=timezone.localdate(), place="公司会议室", **{**common, "topic": "别处"}
    )
    page = login("town_a_admin").get(reverse("venues:place", args=[centre.pk])).content.decode()
    assert "学习党章" in page and "别处" not in page


def test_an_activity_names_a_place_or_is_refused(world, login, places):
    client = login("town_a_admin")
    data = {
        "activity_type": ActivityType.objects.get(name="青春学堂").pk,
        "title": "青春学堂第 9 期",
        "held_on": timezone.localdate().isoformat(),
        "region": world.town_a.pk,
        "place": "",
        "place_name": "",
        "participants": "12",
    }
    response = client.post("/service-lists/activities/new/", data)
    assert "请选择活动阵地或填写活动地点" in response.content.decode()
    response = client.post(
        "/service-lists/activities/new/", {**data, "place": places["park"].pk}
    )  # another town's place
    assert response.status_code == 200 and not Activity.objects.exists()
    response = client.post("/service-lists/activities/new/", {**data, "place": places["centre"].pk})
    assert response.status_code == 302
    assert Activity.objects.get().place_name == "川姜镇党群服务中心"

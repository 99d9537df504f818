"""Places (WORK.md §6 Venue): created as a station with its profile in one service, the old
stations shown 未完善 until completed, and the bad input each form refuses."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.organizations.models import PartyStation
from liangxin.venues import services
from liangxin.venues.models import VenueProfile
from tests.venues.conftest import kind, level, make_place, place_data


def form_data(world, **extra) -> dict:
    data = {
        "name": "川姜镇邻里中心",
        "kind": kind("neighbourhood_centre").pk,
        "level": level("general").pk,
        "region": world.town_a.code,
        "address": "川姜镇志浩路 8 号",
        "parent": "",
        "organizations": world.org_a.code,
        "area_m2": "320.5",
        "rooms": "4",
        "opening_hours": "每天 9:00–21:00",
        "facilities": "阅览室",
        "services": "邻里互助",
        "contact_name": "陆阿姨",
        "contact_phone": "13800000000",
    }
    data.update(extra)
    return data


def test_a_place_is_a_station_with_its_profile(world, places):
    centre = places["centre"]
    assert centre.level == "town_benchmark"  # the old fixed level follows the new one
    assert centre.venue.kind.code == "district_centre"
    assert centre.venue.area_m2 == Decimal("850.50")
    assert list(centre.organizations.all()) == [world.org_a]
    park = places["park"]
    assert park.venue.kind.code == "park_centre" and park.level == "town_benchmark"
    assert {s.venue.parent for s in places["stations"]} == {park}


def test_created_from_the_form(world, login):
    response = login("town_a_admin").post(reverse("venues:place-create"), form_data(world))
    station = PartyStation.objects.get(name="川姜镇邻里中心")
    assert response.status_code == 302
    assert response["Location"] == reverse("venues:place", args=[station.pk])
    assert station.venue.area_m2 == Decimal("320.50") and station.venue.rooms == 4
    assert station.level == "area"  # 一般 → the closest old level
    assert list(station.organizations.all()) == [world.org_a]


def test_an_old_station_is_shown_incomplete_and_completed_by_its_edit(world, login, places):
    old = places["old"]
    client = login("town_a_admin")
    listed = client.get(reverse("venues:places"), {"missing": "1"}).content.decode()
    assert "川姜一片区党建工作站" in listed and "未完善" in listed
    assert "川姜镇党群服务中心" not in listed
    page = client.get(reverse("venues:place", args=[old.pk])).content.decode()
    assert "未完善" in page and reverse("venues:place-edit", args=[old.pk]) in page
    data = form_data(
        world,
        name=old.name,
        region=world.area_a.code,
        kind=kind("work_station").pk,
        parent=places["centre"].pk,
        organizations="",
    )
    response = client.post(reverse("venues:place-edit", args=[old.pk]), data)
    assert response.status_code == 302
    profile = VenueProfile.objects.get(station=old)
    assert profile.kind.code == "work_station" and profile.parent == places["centre"]
    assert PartyStation.objects.filter(name=old.name).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("area_m2", "三百", "面积请填写数字"),
        ("area_m2", "1e9", "面积应在 0 至 1000000 平方米之间"),
        ("area_m2", "-5", "面积应在 0 至 1000000 平方米之间"),
        ("area_m2", "12.345", "面积最多保留两位小数"),
        ("rooms", "4.5", "功能室数请填写整数"),
        ("name", "站" * 201, "200"),
        ("services", "服" * 501, "500"),
        ("contact_phone", "1" * 31, "30"),
        ("region", "360100", "请选择您管辖范围内的区域"),
        ("name", "", "该字段是必填项"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(world, login, field, value, message):
    response = login("town_a_admin").post(
        reverse("venues:place-create"), form_data(world, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PartyStation.objects.exists()


def test_a_duplicate_name_in_a_town_is_refused(world, login, places):
    # the same name in the town, even in another of its grids
    response = login("town_a_admin").post(
        reverse("venues:place-create"),
        form_data(world, name="川姜镇党群服务中心", region=world.area_a.code),
    )
    assert "本镇街（园区）已有同名阵地" in response.content.decode()
    assert PartyStation.objects.filter(name="川姜镇党群服务中心").count() == 1
    # another town may use it
    make_place(world, actor="town_b_admin", region=world.town_b, organizations=[])
    assert PartyStation.objects.filter(name="川姜镇党群服务中心").count() == 2


def test_a_parent_in_another_town_is_refused(world, places):
    data = place_data(
        world, name="川姜二站", region=world.grid_a, parent=places["park"], organizations=[]
    )
    with pytest.raises(ValidationError) as refused:
        services.place_save(actor=world.user("district_admin"), data=data)
    assert refused.value.message_dict["parent"] == ["所属中心应在同一镇街（园区）"]
    assert not PartyStation.objects.filter(name="川姜二站").exists()


def test_a_parent_out_of_scope_is_refused_by_the_service(world, places):
    data = place_data(world, name="川姜二站", region=world.town_a, parent=places["park"])
    with pytest.raises(ValidationError) as refused:
        services.place_save(actor=world.user("town_a_admin"), data=data)
    assert "不在您的管辖范围内" in refused.value.message_dict["parent"][0]


def test_a_parent_out_of_the_form_scope_is_refused(world, login, places):
    response = login("town_a_admin").post(
        reverse("venues:place-create"), form_data(world, parent=places["park"].pk)
    )
    assert "请选择本镇街（园区）您管辖范围内的中心" in response.content.decode()


def test_a_station_cannot_be_a_centre(world, places):
    data = place_data(
        world,
        name="开发区第3服务站",
        region=world.grid_b,
        parent=places["stations"][0],
        organizations=[],
    )
    with pytest.raises(ValidationError) as refused:
        services.place_save(actor=world.user("town_b_admin"), data=data)
    assert "应为已完善档案的党群服务中心或邻里中心" in refused.value.message_dict["parent"][0]
    data["parent"] = places["model"]  # an enterprise centre is no centre of stations
    with pytest.raises(ValidationError):
        services.place_save(actor=world.user("town_a_admin"), data={**data, "region": world.grid_a})


def test_a_centre_with_stations_cannot_become_a_station(world, places):
    park = places["park"]
    other = make_place(
        world,
        actor="town_b_admin",
        name="开发区第二中心",
        region=world.town_b,
        kind=kind("park_centre"),
        level=level("park_centre"),
        organizations=[],
    )
    data = place_data(
        world,
        name=park.name,
        region=world.town_b,
        kind=kind("park_centre"),
        level=level("park_centre"),
        organizations=[world.org_b],
        parent=other,
    )
    with pytest.raises(ValidationError) as refused:
        services.place_save(actor=world.user("town_b_admin"), station=park, data=data)
    assert refused.value.message_dict["parent"] == ["本阵地下设站点，不能再归属其他中心"]
    park.venue.refresh_from_db()
    assert park.venue.parent is None


def test_a_grid_level_place_is_edited_in_its_grid(world, login, places):
    model = places["model"]
    data = form_data(
        world,
        name=model.name,
        region=world.grid_a.code,
        kind=kind("enterprise_centre").pk,
        level=level("enterprise_model").pk,
        parent=places["centre"].pk,
        rooms="6",
    )
    response = login("town_a_admin").post(reverse("venues:place-edit", args=[model.pk]), data)
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.region == world.grid_a and model.venue.rooms == 6


def test_organizations_out_of_scope_are_refused(world, login):
    response = login("town_a_admin").post(
        reverse("venues:place-create"), form_data(world, organizations=world.org_b.code)
    )
    assert response.status_code == 200
    assert not PartyStation.objects.exists()


@pytest.mark.parametrize("name", ["venues:place", "venues:place-edit", "venues:check-create"])
def test_another_towns_place_is_404(world, login, places, name):
    park = places["park"]
    assert login("town_a_admin").get(reverse(name, args=[park.pk])).status_code == 404
    assert login("town_a_admin").post(reverse(name, args=[park.pk]), {}).status_code == 404
    assert login("outsider").get(reverse(name, args=[park.pk])).status_code == 404


def test_an_unknown_region_filter_is_404(world, login, places):
    client = login("town_a_admin")
    for name in ("venues:places", "venues:directory", "venues:figures"):
        assert client.get(reverse(name), {"region": world.town_b.code}).status_code == 404


def test_readers_may_not_write(world, login, places):
    assert login("leader").get(reverse("venues:place-create")).status_code == 403
    assert login("secretary").get(reverse("venues:place-create")).status_code == 403


def test_a_secretary_sees_the_places_serving_its_organization(world, login, places):
    page = login("secretary").get(reverse("venues:places")).content.decode()
    assert "川姜镇党群服务中心" in page and "川姜纺织党群服务中心" in page
    assert "开发区党群服务中心" not in page
    assert "川姜一片区党建工作站" not in page  # serves nobody of the branch


def test_list_filters_and_export(world, login, places):
    from tests.liaisons.conftest import table

    client = login("district_admin")
    page = client.get(reverse("venues:places"), {"kind": "park_centre"}).content.decode()
    assert "开发区党群服务中心" in page and "川姜镇党群服务中心" not in page
    page = client.get(reverse("venues:places"), {"level": "enterprise_model"}).content.decode()
    assert "川姜纺织党群服务中心" in page and "开发区党群服务中心" not in page
    header, rows = table(client.get(reverse("venues:places-export")), "名称")
    assert header[:3] == ["名称", "阵地类型", "阵地等级"]
    by_name = {row[0]: row for row in rows}
    assert len(by_name) == 6
    assert by_name["川姜一片区党建工作站"][1] == "未完善"
    assert by_name["开发区第1服务站"][4] == "开发区党群服务中心"
    header, rows = table(
        client.get(reverse("venues:places-export"), {"region": world.town_b.code}), "名称"
    )
    assert {row[0] for row in rows} == {"开发区党群服务中心", "开发区第1服务站", "开发区第2服务站"}


def test_the_directory_groups_places_by_town(world, login, places):
    page = login("district_admin").get(reverse("venues:directory")).content.decode()
    assert (
        page.index("川姜镇") < page.index("川姜镇党群服务中心") < page.index("开发区党群服务中心")
    )
    assert "周一至周六 8:30–20:30" in page and "0513-1234567" in page
    assert 'id="directory-print"' in page and "onclick" not in page  # no inline script (CSP)

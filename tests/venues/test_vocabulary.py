"""The kinds, levels and standard items are data rows the district edits (WORK.md §6:
"venue kinds; centre star indicators" [L:廊坊 DB1310/T 264.10—2021]); their codes stay."""

from django.urls import reverse

from liangxin.venues.models import VenueKind, VenueStandard


def test_the_defaults_carry_their_sources(world, login):
    assert VenueKind.objects.get(code="park_centre").name == "园区党群服务中心"
    assert all("廊坊" in s.source for s in VenueStandard.objects.all())
    assert sum(VenueStandard.objects.values_list("points", flat=True)) == 100
    page = login("town_a_admin").get(reverse("venues:vocabulary")).content.decode()
    assert "DB1310/T 264.10—2021" in page and "/venues/settings/kinds/" not in page


def test_the_district_adds_and_changes_a_row_but_not_its_code(world, login):
    client = login("district_admin")
    room = VenueKind.objects.get(code="activity_room")
    response = client.post(
        reverse("venues:vocabulary-add", args=["standards"]),
        {"code": "brand", "name": "有品牌", "points": "10", "order": "7", "source": "[I]",
         "kinds": [room.pk], "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert list(VenueStandard.objects.get(code="brand").kinds.all()) == [room]
    kind = VenueKind.objects.get(code="park_centre")
    response = client.post(
        reverse("venues:vocabulary-edit", args=["kinds", kind.pk]),
        {"code": "renamed", "name": "园区党群服务综合体", "order": "2", "source": "[I]",
         "is_centre": "on", "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    kind.refresh_from_db()
    assert (kind.code, kind.name) == ("park_centre", "园区党群服务综合体")


def test_bad_rows_are_refused(world, login):
    client = login("district_admin")
    url = reverse("venues:vocabulary-add", args=["standards"])
    base = {"code": "x1", "name": "有网站", "points": "10", "order": "1", "source": ""}
    for changes, message in (
        ({"points": "0"}, "1"),
        ({"points": "很多"}, "分值请填写整数"),
        ({"name": "有场所"}, "已存在"),
        ({"code": "有 空格"}, "代码"),
        ({"name": "长" * 41}, "40"),
    ):
        response = client.post(url, {**base, **changes})
        assert response.status_code == 200 and message in response.content.decode(), changes
    assert not VenueStandard.objects.filter(code="x1").exists()
    assert client.get(reverse("venues:vocabulary-add", args=["nothing"])).status_code == 404
    assert client.get(reverse("venues:vocabulary-edit", args=["kinds", 9999])).status_code == 404


def test_only_the_district_edits(world, login):
    url = reverse("venues:vocabulary-add", args=["kinds"])
    assert login("town_a_admin").get(url).status_code == 403
    assert login("town_a_admin").post(url, {"code": "x", "name": "x"}).status_code == 403

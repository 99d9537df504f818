"""The district's sets (programmes, alliance kinds, outcome types, workshop types): an
entry renamed (its records show the new name), switched off (no longer offered on new
records, still kept and correctable on those that use it) and on again; a duplicate name
is refused in Chinese; only the district edits them."""

import pytest
from django.urls import reverse

from liangxin.cobuilding.models import OutcomeType, Programme, WorkshopType

pytestmark = pytest.mark.django_db


def offered(client, url) -> list[str]:
    """The programmes the form's select offers."""
    field = client.get(url).context["form"].fields["programme"]
    return [label for value, label in field.choices if value != ""]


def edit_url(kind, row):
    return reverse("cobuilding:set-edit", args=[kind, row.pk])


def test_renaming_an_entry_shows_on_its_records(login, records):
    client = login("district_admin")
    red = Programme.objects.get(name="红色联盟")
    assert edit_url("programme", red) in client.get(reverse("cobuilding:sets")).content.decode()
    response = client.post(
        edit_url("programme", red),
        {"name": "红色联盟（二期）", "source": "[L:川姜]", "active": "on"},
    )
    assert response.status_code == 302
    red.refresh_from_db()
    assert (red.name, red.source, red.active) == ("红色联盟（二期）", "[L:川姜]", True)
    page = client.get(reverse("cobuilding:pairing", args=[records.p1.pk])).content.decode()
    assert "红色联盟（二期）" in page
    unit = OutcomeType.objects.get(name="岗位")
    client.post(edit_url("outcome", unit), {"name": "就业岗位", "unit": "个", "active": "on"})
    unit.refresh_from_db()
    assert (unit.name, unit.unit) == ("就业岗位", "个")


def test_duplicate_and_bad_names_are_refused_in_chinese(login):
    client = login("district_admin")
    red = Programme.objects.get(name="红色联盟")
    for name in ("山海协作", " 山海协作 "):
        page = client.post(edit_url("programme", red), {"name": name, "active": "on"})
        assert page.status_code == 200
        assert "已有名为“山海协作”的联建项目，名称不能重复" in page.content.decode()
    red.refresh_from_db()
    assert red.name == "红色联盟"
    added = client.post(
        reverse("cobuilding:sets"), {"kind": "workshop", "workshop-name": "电商直播"}
    )
    assert "已有名为“电商直播”的工坊类型，名称不能重复" in added.content.decode()
    assert WorkshopType.objects.filter(name="电商直播").count() == 1
    blank = client.post(edit_url("programme", red), {"name": "", "active": "on"})
    assert "该字段是必填项" in blank.content.decode()
    long = client.post(edit_url("programme", red), {"name": "联" * 41, "active": "on"})
    assert "40" in long.content.decode()
    # The same name on itself (a changed source) is no duplicate.
    assert (
        client.post(
            edit_url("programme", red), {"name": "红色联盟", "source": "新依据", "active": "on"}
        ).status_code
        == 302
    )
    assert client.get(reverse("cobuilding:set-edit", args=["nothing", red.pk])).status_code == 404
    assert client.get(reverse("cobuilding:set-edit", args=["programme", 999999])).status_code == 404
    for persona in ("town_a_admin", "leader"):
        assert login(persona).post(edit_url("programme", red), {"name": "X"}).status_code == 403


def test_an_entry_switched_off_is_not_offered_but_its_records_stay_correctable(
    login, records, world
):
    client = login("district_admin")
    red = Programme.objects.get(name="红色联盟")
    response = client.post(edit_url("programme", red), {"name": "红色联盟"})  # active unticked
    assert response.status_code == 302
    red.refresh_from_db()
    assert not red.active
    sets_page = client.get(reverse("cobuilding:sets")).content.decode()
    assert "停用" in sets_page
    town_a = login("town_a_admin")
    create = reverse("cobuilding:pairing-create")
    assert "红色联盟" not in offered(town_a, create) and "山海协作" in offered(town_a, create)
    refused = town_a.post(
        reverse("cobuilding:pairing-create"),
        {"programme": red.pk, "enterprise": world.ent_a.uscc, "village_name": "新村",
         "signed_on": "2024-05-01", "round_no": "1"},
    )  # fmt: skip
    assert refused.status_code == 200 and "is-invalid" in refused.content.decode()
    # The pairing of the switched-off programme keeps it and can still be corrected.
    edit = reverse("cobuilding:pairing-edit", args=[records.p1.pk])
    assert "红色联盟" in offered(town_a, edit)
    saved = town_a.post(
        edit,
        {"programme": red.pk, "enterprise": world.ent_a.uscc,
         "village_region": world.area_a.code, "signed_on": "2024-03-01", "round_no": "2",
         "active": "on"},
    )  # fmt: skip
    assert saved.status_code == 302
    records.p1.refresh_from_db()
    assert (records.p1.programme_id, records.p1.round_no) == (red.pk, 2)
    # Switched on again, it is offered again.
    client.post(edit_url("programme", red), {"name": "红色联盟", "active": "on"})
    assert "红色联盟" in offered(town_a, create)

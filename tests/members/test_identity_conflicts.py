"""An ID number held outside the caller's scope (issue 12, "Data scope").

"该公民身份号码已登记为党员" told any user whether any ID number belongs to a Party
member anywhere. Now a town-B admin who registers town A's member's number — by the
form, the API, the ledger import or a development case — reads one neutral sentence
that names nothing of A (no name, organization or town, not even that it is a
member), the attempt is an ``IdentityConflict`` row that survives the refused write,
and the district admin sees it and resolves it. Inside the caller's scope the
message still says what holds the number.
"""

import datetime

import pytest
from django.urls import reverse

from liangxin.development import services as development_services
from liangxin.development.models import DevelopmentCase
from liangxin.members import conflicts
from liangxin.members.models import IdentityConflict, Member
from liangxin.members.services import member_create
from tests import factories as f
from tests.development.conftest import make_case
from tests.ledger.helpers import csv_bytes, errors, run

pytestmark = pytest.mark.django_db

NEUTRAL = conflicts.CONFLICT_MESSAGE


def leaked(text: str, world) -> list[str]:
    """Whatever of town A's record (or of its kind) reaches a text meant for town B."""
    words = [
        world.member_a.name,
        world.org_a.name,
        world.org_a.code,
        world.town_a.name,
        world.grid_a.name,
        world.ent_a.name,
        "已登记为党员",
        "发展党员记录",
    ]
    return [word for word in words if word in text]


def form_data(world, **changes) -> dict:
    return {
        "name": "冒名者",
        "id_number": world.member_a_id_number,
        "ethnicity": "汉族",
        "status": "full",
        "joined_on": "2015-07-01",
        "full_member_on": "2016-07-01",
        "organization": world.org_b.code,
        "flow_type": "regular",
        **changes,
    }


def only_conflict(world, source: str) -> IdentityConflict:
    conflict = IdentityConflict.objects.get()
    assert conflict.source == source
    assert conflict.reported_by == world.user("town_b_admin")
    assert conflict.holder_public_id == world.member_a.public_id
    assert conflict.holder_region == world.grid_a
    assert conflict.attempted_region == world.grid_b
    assert conflict.id_number_masked == world.member_a.id_number_masked
    return conflict


def test_the_form_refuses_neutrally_and_records_a_conflict(world, login):
    response = login("town_b_admin").post(reverse("members:create"), form_data(world))
    assert response.status_code == 200  # the form again, with its error
    text = response.content.decode()
    assert NEUTRAL in text
    assert leaked(text, world) == []
    assert Member.objects.filter(name="冒名者").count() == 0
    conflict = only_conflict(world, "form")
    assert (conflict.attempted_name, conflict.attempted_organization) == ("冒名者", world.org_b)


def test_the_api_refuses_neutrally_and_records_a_conflict(world, client_as):
    body = form_data(world, organization="ORG-B")
    response = client_as("town_b_admin").post("/api/v1/members/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"id_number": [NEUTRAL]}
    assert leaked(response.content.decode(), world) == []
    only_conflict(world, "api")


def test_the_import_refuses_neutrally_and_records_a_conflict(world):
    data = csv_bytes(
        [
            ["公民身份号码", "姓名", "所在党组织编码", "党员状态", "入党日期", "转正日期"],
            [world.member_a_id_number, "冒名者", "ORG-B", "正式", "2015-07-01", "2016-07-01"],
        ]
    )
    result = run("members", data, user=world.user("town_b_admin"))
    assert not result.written
    reasons = [reason for _, _, reason in errors(result)]
    assert reasons == [NEUTRAL]
    shown = " ".join(f"{e.header} {e.value} {e.reason}" for r in result.bad_rows for e in r.errors)
    assert leaked(shown, world) == []
    conflict = only_conflict(world, "import")
    assert conflict.attempted_organization == world.org_b
    # The preview and the run of the same file are one row, counted twice.
    run("members", data, user=world.user("town_b_admin"), dry_run=True)
    assert IdentityConflict.objects.get().attempts == 2


def test_a_development_case_refuses_neutrally_and_records_a_conflict(world, as_user):
    data = {
        "name": "冒名者",
        "id_number": world.member_a_id_number,
        "organization": world.org_b,
        "applied_on": datetime.date(2025, 3, 1),
    }
    with pytest.raises(Exception) as caught:
        as_user(world.user("town_b_admin"), development_services.development_create, data=data)
    assert caught.value.message_dict == {"id_number": [NEUTRAL]}
    assert not DevelopmentCase.objects.filter(name="冒名者").exists()
    only_conflict(world, "development")


def test_an_open_case_outside_the_scope_is_told_alike(world, as_user):
    """ "已有进行中的发展党员记录" told that someone applied elsewhere: neutral too."""
    number = f.id_number()
    case = make_case(world.org_a, id_number=number, name="赵申请")
    data = {
        "name": "冒名者",
        "id_number": number,
        "organization": world.org_b,
        "applied_on": datetime.date(2025, 3, 1),
    }
    with pytest.raises(Exception) as caught:
        as_user(world.user("town_b_admin"), development_services.development_create, data=data)
    assert caught.value.message_dict == {"id_number": [NEUTRAL]}
    conflict = IdentityConflict.objects.get()
    assert (conflict.holder_kind, conflict.holder_public_id) == ("development_case", case.public_id)


def test_inside_the_scope_the_message_still_says_what_holds_the_number(world, as_user):
    data = form_data(world, organization=world.org_a)
    with pytest.raises(Exception) as caught:
        as_user(world.user("town_a_admin"), member_create, data=data)
    assert caught.value.message_dict["id_number"] == ["该公民身份号码已登记为党员"]
    assert not IdentityConflict.objects.exists()


def test_editing_a_member_onto_a_number_held_elsewhere_is_refused_alike(world, login):
    data = form_data(world, name=world.member_b.name, id_number=world.member_a_id_number)
    url = reverse("members:edit", args=[world.member_b.public_id])
    response = login("town_b_admin").post(url, data)
    assert NEUTRAL in response.content.decode()
    conflict = IdentityConflict.objects.get()
    assert conflict.attempted_name == world.member_b.name
    world.member_b.refresh_from_db()
    assert world.member_b.id_number_masked != world.member_a.id_number_masked


def test_the_district_admin_sees_both_sides_and_resolves(world, login, client_as):
    client_as("town_b_admin").post("/api/v1/members/", form_data(world), format="json")
    conflict = IdentityConflict.objects.get()
    district = login("district_admin")
    page = district.get(reverse("members:conflicts")).content.decode()
    assert world.member_a.name in page and "冒名者" in page and world.org_b.name in page
    url = reverse("members:conflict-resolve", args=[conflict.pk])
    district.post(url, {"note": ""})
    conflict.refresh_from_db()
    assert conflict.resolved_at is None  # a resolution says what was done
    district.post(url, {"note": "号码录入错误，已通知开发区更正"})
    conflict.refresh_from_db()
    assert conflict.resolved_by == world.user("district_admin")
    assert conflict.resolution_note == "号码录入错误，已通知开发区更正"
    assert "没有待核处" in district.get(reverse("members:conflicts")).content.decode()


@pytest.mark.parametrize(
    "persona", ["town_a_admin", "town_b_admin", "secretary", "instructor", "leader", "outsider"]
)
def test_only_the_district_admin_has_the_conflict_page(world, login, client_as, persona):
    client_as("town_b_admin").post("/api/v1/members/", form_data(world), format="json")
    conflict = IdentityConflict.objects.get()
    client = login(persona)
    assert client.get(reverse("members:conflicts")).status_code == 404
    url = reverse("members:conflict-resolve", args=[conflict.pk])
    assert client.post(url, {"note": "x"}).status_code == 404
    conflict.refresh_from_db()
    assert conflict.resolved_at is None


def test_a_district_admin_of_another_district_sees_no_conflict_of_ours(world, login, client_as):
    client_as("town_b_admin").post("/api/v1/members/", form_data(world), format="json")
    other = f.account("other_district", "district_admin", regions=[world.other_root])
    assert not conflicts.conflict_list(user=other).exists()

"""The inflow merge shows town B nothing of town A's registration (issue 12, "Data scope").

Registrations from every source and town merge on the ID number into one shared
person row, which kept the first finder's name. Town B, registering the same
number after town A, read town A's recorded name on its list, in the API and in
the form's success message, counted A's registrations, could find the person by
A's name or A's region code, and learnt from "已建档" that the number is a Party
member somewhere. Each of those is checked here, through the page and the API.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/inflow-persons/"
A_NAME = "甲镇记名"
B_NAME = "乙镇记名"


def register(client, world, number, *, name, region):
    body = {
        "id_number": number,
        "name": name,
        "source": "police",
        "registered_on": "2025-03-01",
        "region": region.code,
    }
    response = client.post("/api/v1/inflow-registrations/", body, format="json")
    assert response.status_code == 201, response.content
    return response


@pytest.fixture
def found_by_both(world, client_as):
    """Town A finds the person first (a member of its own), then town B finds them too."""
    number = world.member_a_id_number
    register(client_as("town_a_admin"), world, number, name=A_NAME, region=world.grid_a)
    register(client_as("town_b_admin"), world, number, name=B_NAME, region=world.grid_b)
    return number


def test_the_page_shows_town_b_its_own_name_and_count(world, login, found_by_both):
    page = login("town_b_admin").get(reverse("mobility:registrations"))
    text = page.content.decode()
    assert A_NAME not in text and world.member_a.name not in text
    [row] = page.context["rows"]
    assert row[0] == B_NAME
    assert row[3] == 1  # B's registration only
    assert row[5] == "未建档"  # the member record is town A's


def test_town_a_still_sees_its_own(world, login, found_by_both):
    [row] = login("town_a_admin").get(reverse("mobility:registrations")).context["rows"]
    assert (row[0], row[3], row[5]) == (A_NAME, 1, "已建档")


def test_the_api_shows_town_b_its_own_name_and_count(world, client_as, found_by_both):
    body = client_as("town_b_admin").get(API).json()
    [person] = body["results"]
    assert person["name"] == B_NAME
    assert person["registration_count"] == 1 and person["has_member_record"] is False
    detail = client_as("town_b_admin").get(f"{API}{person['public_id']}/").json()
    assert detail["name"] == B_NAME and A_NAME not in str(detail)


def test_town_b_cannot_find_the_person_by_what_town_a_wrote(world, client_as, found_by_both):
    client = client_as("town_b_admin")
    assert client.get(API, {"search": A_NAME}).json()["results"] == []
    assert client.get(API, {"region": world.grid_a.code}).json()["results"] == []
    assert len(client.get(API, {"search": B_NAME}).json()["results"]) == 1


def test_the_form_message_names_what_town_b_typed(world, login, client_as):
    number = f.id_number()
    register(client_as("town_a_admin"), world, number, name=A_NAME, region=world.grid_a)
    data = {
        "id_number": number,
        "name": B_NAME,
        "source": "village",
        "registered_on": "2025-03-01",
        "region": world.grid_b.code,
    }
    client = login("town_b_admin")
    response = client.post(reverse("mobility:registration-create"), data)
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == f"已登记：{B_NAME}（共 1 条来源登记，计 1 人）"


def test_a_registration_names_no_employer_outside_the_scope(world, client_as, as_user):
    """Registered by the district in town B's grid with town A's employer: town B reads
    its own region and no employer."""
    from liangxin.mobility import services

    data = {
        "id_number": f.id_number(),
        "name": B_NAME,
        "source": "employer",
        "registered_on": datetime.date(2025, 3, 1),
        "region": world.grid_b,
        "employer": world.ent_a,
    }
    as_user(world.user("district_admin"), services.inflow_register, data=data)
    [row] = client_as("town_b_admin").get("/api/v1/inflow-registrations/").json()["results"]
    assert (row["region"], row["employer"]) == (world.grid_b.code, None)
    [row] = client_as("district_admin").get("/api/v1/inflow-registrations/").json()["results"]
    assert row["employer"] == world.ent_a.uscc

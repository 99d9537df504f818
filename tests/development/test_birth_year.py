"""A development case's birth date beside its masked ID number (issue 12, "Data scope").

The mask (6+4) hides digits 7–14, which are the birth date: shown in full beside
it, the number comes back to one or two candidates. The case export, the detail
page and the API gave the full date to a leader, who has no unmask right and
leaves no audit row; they now give the year (members.privacy), and a role with
the unmask right still reads the date.
"""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f
from tests.development.conftest import make_case
from tests.development.test_pages import sheet_rows

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(1996, 2, 3)


@pytest.fixture
def case(world):
    return make_case(world.org_a, id_number=f.id_number("350503", BIRTH), name="孙申请")


def exported_birth(client) -> str:
    rows = sheet_rows(client.get(reverse("development:export")))
    column = rows[0].index("出生日期")
    [row] = [r for r in rows[1:] if r[0] == "孙申请"]
    return str(row[column])


def test_the_export_gives_the_leader_the_year_only(case, login):
    assert exported_birth(login("leader")) == "1996"
    assert exported_birth(login("town_a_admin")) == "1996-02-03"


def test_the_detail_page_gives_the_leader_the_year_only(case, login):
    url = reverse("development:detail", args=[case.public_id])
    leader = login("leader").get(url).content.decode()
    assert "1996-02-03" not in leader and "1996年" in leader
    assert "1996-02-03" in login("town_a_admin").get(url).content.decode()


def test_the_api_gives_the_leader_the_year_only(case, client_as):
    url = f"/api/v1/development-cases/{case.public_id}/"
    leader = client_as("leader").get(url).json()
    assert (leader["birth_date"], leader["birth_year"]) == (None, 1996)
    listed = client_as("leader").get("/api/v1/development-cases/").json()["results"]
    assert all(row["birth_date"] is None for row in listed)
    admin = client_as("town_a_admin").get(url).json()
    assert (admin["birth_date"], admin["birth_year"]) == ("1996-02-03", 1996)


def test_linked_records_outside_the_scope_are_not_named(world, client_as, login):
    """An applicant of town A working for town B's enterprise: town A reads no employer."""
    case = make_case(world.org_a, name="跨镇申请", employer=world.ent_b)
    body = client_as("town_a_admin").get(f"/api/v1/development-cases/{case.public_id}/").json()
    assert body["employer"] is None
    page = login("town_a_admin").get(reverse("development:detail", args=[case.public_id]))
    assert world.ent_b.name not in page.content.decode()
    rows = sheet_rows(login("town_a_admin").get(reverse("development:export")))
    assert world.ent_b.name not in str(rows)
    listed = login("town_a_admin").get(reverse("development:list")).content.decode()
    assert "跨镇申请" in listed and world.ent_b.name not in listed
    assert (
        world.ent_b.name
        in login("district_admin").get(reverse("development:list")).content.decode()
    )


def test_people_outside_the_scope_are_not_named(world, client_as, dev):
    """An introducer who has moved to town B since is left out for town A."""
    case = make_case(world.org_a, name="李申请", introducer_first=world.member_b)
    body = client_as("town_a_admin").get(f"/api/v1/development-cases/{case.public_id}/").json()
    assert body["introducers"] == []
    listed = client_as("town_a_admin").get("/api/v1/development-cases/").json()["results"]
    assert all(world.member_b.name not in str(row) for row in listed)
    body = client_as("district_admin").get(f"/api/v1/development-cases/{case.public_id}/").json()
    assert [p["name"] for p in body["introducers"]] == [world.member_b.name]

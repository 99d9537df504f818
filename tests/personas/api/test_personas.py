"""Every endpoint and verb against every persona (ARCHITECTURE.md example 9).

Tables, not prose: for each ledger kind, which world objects each persona sees,
and what each persona's write answers. Out of scope is always 404.
"""

import pytest
from rest_framework.test import APIClient

from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor
from tests.conftest import PERSONAS

VALID_USCC = "91110000600037341L"
VALID_ID_NUMBER = "11010519491231002X"  # GB 11643's own example

# kind → (key field in the JSON, model attribute of the key, the world objects of that kind)
RESOURCES = {
    "regions": (
        "code",
        ["district", "town_a", "area_a", "grid_a", "town_b", "grid_b", "other_root"],
    ),
    "enterprises": ("uscc", ["ent_a", "ent_a2", "ent_b"]),
    "organizations": ("code", ["org_a", "group_a", "org_b"]),
    "members": ("public_id", ["member_a", "member_b"]),
    "instructors": ("public_id", ["instructor"]),
}

DISTRICT_REGIONS = {"district", "town_a", "area_a", "grid_a", "town_b", "grid_b"}
VISIBLE = {
    "regions": {
        "district_admin": DISTRICT_REGIONS,
        "town_a_admin": {"town_a", "area_a", "grid_a"},
        "town_b_admin": {"town_b", "grid_b"},
        "secretary": {"grid_a"},
        "instructor": {"grid_a"},
        "leader": DISTRICT_REGIONS,
        "outsider": {"other_root"},
    },
    "enterprises": {
        "district_admin": {"ent_a", "ent_a2", "ent_b"},
        "town_a_admin": {"ent_a", "ent_a2"},
        "town_b_admin": {"ent_b"},
        "secretary": {"ent_a"},
        "instructor": {"ent_a2"},
        "leader": {"ent_a", "ent_a2", "ent_b"},
        "outsider": set(),
    },
    "organizations": {
        "district_admin": {"org_a", "group_a", "org_b"},
        "town_a_admin": {"org_a", "group_a"},
        "town_b_admin": {"org_b"},
        "secretary": {"org_a", "group_a"},
        "instructor": set(),
        "leader": {"org_a", "group_a", "org_b"},
        "outsider": set(),
    },
    "members": {
        "district_admin": {"member_a", "member_b"},
        "town_a_admin": {"member_a"},
        "town_b_admin": {"member_b"},
        "secretary": {"member_a"},
        "instructor": set(),
        "leader": {"member_a", "member_b"},
        "outsider": set(),
    },
    "instructors": {
        "district_admin": {"instructor"},
        "town_a_admin": {"instructor"},
        "town_b_admin": set(),
        "secretary": set(),
        "instructor": {"instructor"},
        "leader": {"instructor"},
        "outsider": set(),
    },
}


def key_of(world, kind: str, name: str) -> str:
    field, _ = RESOURCES[kind]
    return str(getattr(getattr(world, name), field))


def detail_url(world, kind: str, name: str) -> str:
    return f"/api/v1/{kind}/{key_of(world, kind, name)}/"


def listed_keys(client, kind: str) -> set[str]:
    response = client.get(f"/api/v1/{kind}/", {"page_size": 200})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    field, _ = RESOURCES[kind]
    return {str(row[field]) for row in body["results"]}


@pytest.mark.django_db
class TestReading:
    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("kind", RESOURCES)
    def test_list_shows_exactly_the_scope(self, world, client_as, kind, persona):
        expected = {key_of(world, kind, name) for name in VISIBLE[kind][persona]}
        assert listed_keys(client_as(persona), kind) == expected

    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("kind", RESOURCES)
    def test_detail_is_200_inside_and_404_outside(self, world, client_as, kind, persona):
        client = client_as(persona)
        for name in RESOURCES[kind][1]:
            response = client.get(detail_url(world, kind, name))
            expected = 200 if name in VISIBLE[kind][persona] else 404
            assert response.status_code == expected, (name, response.content)
            if expected == 404:
                assert response.json() == {"detail": "未找到该记录"}

    @pytest.mark.parametrize("persona", ["system_admin", "audit_admin"])
    @pytest.mark.parametrize("kind", RESOURCES)
    def test_administrators_without_registry_role_see_nothing(
        self, world, client_as, kind, persona
    ):
        # 三员分立: an administrator's token gets a 403 from every business endpoint
        # (tests/accounts/test_api_administrators.py walks them all).
        assert client_as(persona).get(f"/api/v1/{kind}/").status_code == 403
        first = RESOURCES[kind][1][0]
        assert client_as(persona).get(detail_url(world, kind, first)).status_code == 403


# kind → (world object to change, PATCH body, model, field to check after)
PATCHES = {
    "regions": ("area_a", {"name": "川姜一片区（调整）"}, "name"),
    "enterprises": ("ent_a", {"name": "川姜纺织股份有限公司"}, "name"),
    "organizations": ("org_a", {"brand": "红色引擎"}, "brand"),
    "members": ("member_a", {"ethnicity": "回族"}, "ethnicity"),
    "instructors": ("instructor", {"active": False}, "active"),
}
PATCH_STATUS = {
    "regions": dict(district_admin=200, town_a_admin=200, town_b_admin=404, secretary=404,
                    instructor=404, leader=403, outsider=404),
    "enterprises": dict(district_admin=200, town_a_admin=200, town_b_admin=404, secretary=403,
                        instructor=404, leader=403, outsider=404),
    "organizations": dict(district_admin=200, town_a_admin=200, town_b_admin=404, secretary=200,
                          instructor=404, leader=403, outsider=404),
    "members": dict(district_admin=200, town_a_admin=200, town_b_admin=404, secretary=200,
                    instructor=404, leader=403, outsider=404),
    "instructors": dict(district_admin=200, town_a_admin=200, town_b_admin=404, secretary=404,
                        instructor=403, leader=403, outsider=404),
}  # fmt: skip


def new_record(kind: str, world) -> dict:
    """A valid new record of each kind, placed inside town A."""
    return {
        "regions": {"code": "CJ-A1-02", "name": "川姜二网格", "kind": "grid", "parent": "CJ-A1"},
        "enterprises": {
            "uscc": VALID_USCC,
            "name": "川姜新材料有限公司",
            "region": "CJ-A1-01",
            "employee_count": 12,
        },
        "organizations": {  # under the branch ORG-A: a 党小组 (a branch holds no branch)
            "code": "ORG-A-2",
            "name": "川姜纺织第二党小组",
            "kind": "group",
            "formation": "single",
            "parent": "ORG-A",
            "region": "CJ-A1-01",
        },
        "members": {
            "name": "张桂兰",
            "status": "full",
            "organization": "ORG-A",
            "employer": world.ent_a.uscc,
            "id_number": VALID_ID_NUMBER,
            "phone": "13812345678",
            "joined_on": "1975-07-01",
            "full_member_on": "1976-07-01",
        },
        "instructors": {
            "name": "李指导",
            "source": "hired",
            "region": "350599100000",
            "enterprises": [world.ent_a2.uscc],
            "id_number": VALID_ID_NUMBER,
        },
    }[kind]


MODELS = {
    "regions": Region,
    "enterprises": Enterprise,
    "organizations": PartyOrganization,
    "members": Member,
    "instructors": Instructor,
}
# Town B and the outsider may create, but not inside town A: the reference is rejected.
POST_STATUS = {
    "regions": dict(district_admin=201, town_a_admin=201, town_b_admin=400, secretary=403,
                    instructor=403, leader=403, outsider=400),
    "enterprises": dict(district_admin=201, town_a_admin=201, town_b_admin=400, secretary=403,
                        instructor=403, leader=403, outsider=400),
    "organizations": dict(district_admin=201, town_a_admin=201, town_b_admin=400, secretary=201,
                          instructor=403, leader=403, outsider=400),
    "members": dict(district_admin=201, town_a_admin=201, town_b_admin=400, secretary=201,
                    instructor=403, leader=403, outsider=400),
    "instructors": dict(district_admin=201, town_a_admin=201, town_b_admin=400, secretary=403,
                        instructor=403, leader=403, outsider=400),
}  # fmt: skip


@pytest.mark.django_db
class TestWriting:
    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("kind", RESOURCES)
    def test_patch(self, world, client_as, kind, persona):
        name, body, field = PATCHES[kind]
        target = getattr(world, name)
        before = getattr(target, field)
        response = client_as(persona).patch(detail_url(world, kind, name), body, format="json")
        expected = PATCH_STATUS[kind][persona]
        assert response.status_code == expected, response.content
        target.refresh_from_db()
        assert getattr(target, field) == (body[field] if expected == 200 else before)
        if expected == 200:
            assert response.json()[field] == body[field]

    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("kind", RESOURCES)
    def test_post(self, world, client_as, kind, persona):
        model = MODELS[kind]
        count = model.objects.count()
        response = client_as(persona).post(
            f"/api/v1/{kind}/", new_record(kind, world), format="json"
        )
        expected = POST_STATUS[kind][persona]
        assert response.status_code == expected, response.content
        assert model.objects.count() == count + (1 if expected == 201 else 0)
        if expected == 201:
            # The new record answers at its key, to the one who created it.
            field, _ = RESOURCES[kind]
            url = f"/api/v1/{kind}/{response.json()[field]}/"
            assert client_as(persona).get(url).status_code == 200
        if expected == 400:
            assert "开发区" not in response.content.decode()  # no name from elsewhere leaks

    @pytest.mark.parametrize("kind", RESOURCES)
    def test_put_accepts_what_get_returned(self, world, client_as, kind):
        client = client_as("district_admin")
        name = PATCHES[kind][0]
        url = detail_url(world, kind, name)
        body = client.get(url).json()
        response = client.put(url, body, format="json")
        assert response.status_code == 200, response.content
        assert response.json() == body | {
            k: response.json()[k] for k in ("updated_at",) if k in body
        }

    def test_put_with_an_invisible_parent_read_as_null_keeps_the_parent(self, world, client_as):
        client = client_as("town_a_admin")
        body = client.get("/api/v1/regions/350599100000/").json()
        assert body["parent"] is None  # the district is outside town A's scope
        body["name"] = "川姜镇（新）"
        assert client.put("/api/v1/regions/350599100000/", body, format="json").status_code == 200
        world.town_a.refresh_from_db()
        assert Region.objects.get_parent(world.town_a) == world.district

    def test_moving_a_node_is_refused(self, world, client_as):
        response = client_as("district_admin").patch(
            "/api/v1/regions/CJ-A1/", {"parent": "350599200000"}, format="json"
        )
        assert response.status_code == 400
        assert "parent" in response.json()

    @pytest.mark.parametrize("kind", RESOURCES)
    def test_delete_is_not_offered(self, world, client_as, kind):
        name = PATCHES[kind][0]
        response = client_as("district_admin").delete(detail_url(world, kind, name))
        assert response.status_code == 405
        assert getattr(world, name).__class__.objects.filter(pk=getattr(world, name).pk).exists()


@pytest.mark.django_db
class TestAuthentication:
    @pytest.mark.parametrize("kind", RESOURCES)
    def test_anonymous_is_refused(self, world, kind):
        client = APIClient()
        assert client.get(f"/api/v1/{kind}/").status_code == 401
        assert (
            client.post(f"/api/v1/{kind}/", new_record(kind, world), format="json").status_code
            == 401
        )
        assert MODELS[kind].objects.count() == len(RESOURCES[kind][1])

    def test_wrong_token_is_refused(self, world):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
        assert client.get("/api/v1/enterprises/").status_code == 401

    def test_token_auth(self, world, client_as):
        assert listed_keys(client_as("town_b_admin"), "enterprises") == {world.ent_b.uscc}

    def test_session_auth_reads_and_writes(self, world):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(world.user("town_b_admin"))
        assert listed_keys(client, "enterprises") == {world.ent_b.uscc}
        url = f"/api/v1/enterprises/{world.ent_b.uscc}/"
        body = {"address": "开发大道1号"}
        # A session write needs the CSRF token, as any page form does.
        assert client.patch(url, body, format="json").status_code == 403
        secret = "s" * 32
        client.cookies["csrftoken"] = secret
        response = client.patch(url, body, format="json", HTTP_X_CSRFTOKEN=secret)
        assert response.status_code == 200, response.content


# --- nested fields: scoped like the lists (issue 12, "Data scope") ---------------------


def json_strings(value) -> set[str]:
    """Every string (and number) anywhere in a JSON body."""
    if isinstance(value, dict):
        return {s for item in value.values() for s in json_strings(item)}
    if isinstance(value, list):
        return {s for item in value for s in json_strings(item)}
    return set() if value is None else {str(value)}


@pytest.mark.django_db
class TestNestedFields:
    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("kind", RESOURCES)
    def test_no_list_or_detail_names_a_record_outside_the_scope(
        self, world, client_as, kind, persona
    ):
        from tests.personas.scope_helpers import cross_scopes, keys_and_names

        cross_scopes(world)
        client = client_as(persona)
        hidden = keys_and_names(world.user(persona))["hidden"]
        body = client.get(f"/api/v1/{kind}/", {"page_size": 200}).json()
        shown = json_strings(body["results"])
        field = RESOURCES[kind][0]
        for row in body["results"]:
            shown |= json_strings(client.get(f"/api/v1/{kind}/{row[field]}/").json())
        assert not shown & hidden, (persona, kind, shown & hidden)

    def test_the_instructor_sees_the_branch_but_not_its_secretary(self, world, client_as):
        from tests.personas.scope_helpers import cross_scopes

        cross_scopes(world)
        body = client_as("instructor").get("/api/v1/organizations/ORG-B/").json()
        assert (body["secretary"], body["secretary_name"]) == (None, "")
        body = client_as("town_b_admin").get("/api/v1/organizations/ORG-B/").json()
        assert body["secretary"] == str(world.member_b.public_id)
        assert body["secretary_name"] == "陈建国"

    def test_a_hidden_employer_reads_null_and_a_put_of_it_keeps_the_link(self, world, client_as):
        from tests.personas.scope_helpers import cross_scopes

        cross_scopes(world)
        client = client_as("town_a_admin")
        url = f"/api/v1/members/{world.member_a.public_id}/"
        body = client.get(url).json()
        assert body["employer"] is None  # the employer is in town B
        body["ethnicity"] = "回族"
        for name in ("id_number", "phone"):
            body.pop(name, None)
        response = client.put(url, body, format="json")
        assert response.status_code == 200, response.content
        world.member_a.refresh_from_db()
        assert (world.member_a.employer, world.member_a.ethnicity) == (world.ent_b, "回族")

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_the_birth_date_needs_the_right_to_unmask(self, world, client_as, persona):
        """A masked ID number (6+4) beside the birth date is the whole number."""
        from liangxin.core.roles import can_unmask

        response = client_as(persona).get(f"/api/v1/members/{world.member_a.public_id}/")
        if response.status_code == 404:
            return  # outside the persona's scope
        body = response.json()
        assert body["birth_year"] == 1980
        full = can_unmask(world.user(persona))
        assert body["birth_date"] == ("1980-01-15" if full else None), persona
        assert persona != "leader" or not full

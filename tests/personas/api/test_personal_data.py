"""ID numbers and phones: masked in every answer, plaintext only through an audited unmask."""

import pytest
from auditlog.models import LogEntry

from tests.conftest import PERSONAS
from tests.personas.api.test_personas import VALID_ID_NUMBER

PEOPLE = {"members": "member_a", "instructors": "instructor"}


def plaintexts(person) -> list[str]:
    return [person.reveal_id_number(), person.reveal_phone()]


@pytest.mark.django_db
class TestMasking:
    @pytest.mark.parametrize("kind", PEOPLE)
    def test_list_and_detail_never_carry_plaintext(self, world, client_as, kind):
        person = getattr(world, PEOPLE[kind])
        client = client_as("district_admin")
        for url in (f"/api/v1/{kind}/", f"/api/v1/{kind}/{person.public_id}/"):
            text = client.get(url).content.decode()
            assert person.id_number_masked in text
            for secret in plaintexts(person):
                assert secret not in text

    def test_search_by_full_id_number_finds_without_echoing_it(self, world, client_as):
        # Issue 12: by header (X-Search), as an ID number never travels in a URL.
        response = client_as("district_admin").get(
            "/api/v1/members/", headers={"X-Search": world.member_a_id_number}
        )
        assert [row["name"] for row in response.json()["results"]] == ["林晓红"]
        assert world.member_a_id_number not in response.content.decode()
        refused = client_as("district_admin").get(
            "/api/v1/members/", {"search": world.member_a_id_number}
        )
        assert refused.status_code == 400 and "X-Search" in refused.json()["detail"]

    @pytest.mark.parametrize("kind", PEOPLE)
    def test_write_answers_masked(self, world, client_as, kind):
        body = {"name": "张桂兰", "id_number": VALID_ID_NUMBER, "phone": "13812345678"}
        body |= (
            {"status": "full", "organization": "ORG-A"}
            if kind == "members"
            else {"source": "hired", "region": "350599100000"}
        )
        response = client_as("district_admin").post(f"/api/v1/{kind}/", body, format="json")
        assert response.status_code == 201, response.content
        text = response.content.decode()
        assert VALID_ID_NUMBER not in text and "13812345678" not in text
        assert response.json()["id_number_masked"] == "1101**********002X"
        assert response.json()["phone_masked"] == "138****5678"

    def test_people_are_not_addressed_by_id_number(self, world, client_as):
        url = f"/api/v1/members/{world.member_a_id_number}/"
        response = client_as("district_admin").get(url)
        # Issue 12: refused before any lookup, as a URL must not hold an ID number.
        assert response.status_code == 400
        assert "网址中不能包含公民身份号码" in response.json()["detail"]
        other = client_as("district_admin").get("/api/v1/members/350599100000/")
        assert other.status_code == 404 and other.json() == {"detail": "未找到该记录"}


MEMBER_UNMASK = dict(district_admin=200, town_a_admin=200, town_b_admin=404, secretary=200,
                     instructor=404, leader=403, outsider=404)  # fmt: skip
INSTRUCTOR_UNMASK = dict(district_admin=200, town_a_admin=200, town_b_admin=404, secretary=404,
                         instructor=403, leader=403, outsider=404)  # fmt: skip


def access_logs():
    # ACCESS entries also record logins, token issues, views: the unmaskings are "unmask" events.
    return LogEntry.objects.filter(additional_data__event="unmask")


@pytest.mark.django_db
class TestUnmask:
    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize(
        "kind,expected", [("members", MEMBER_UNMASK), ("instructors", INSTRUCTOR_UNMASK)]
    )
    def test_who_may_unmask(self, world, client_as, kind, expected, persona):
        person = getattr(world, PEOPLE[kind])
        url = f"/api/v1/{kind}/{person.public_id}/unmask/"
        response = client_as(persona).post(url, {"field": "id_number"}, format="json")
        assert response.status_code == expected[persona], response.content
        if expected[persona] == 200:
            assert response.json() == {"field": "id_number", "value": person.reveal_id_number()}
            assert access_logs().count() == 1
        else:
            assert person.reveal_id_number() not in response.content.decode()
            assert access_logs().count() == 0

    def test_each_call_is_one_access_log_row_for_the_api(self, world, client_as):
        url = f"/api/v1/members/{world.member_a.public_id}/unmask/"
        client = client_as("town_a_admin")
        assert client.post(url, {"field": "phone"}, format="json").json() == {
            "field": "phone",
            "value": world.member_a.reveal_phone(),
        }
        client.post(url, {"field": "id_number"}, format="json")
        entries = list(access_logs().order_by("id"))
        assert len(entries) == 2
        assert all(entry.actor == world.user("town_a_admin") for entry in entries)
        assert all(entry.additional_data["channel"] == "api" for entry in entries)
        assert [e.additional_data["unmasked_field"] for e in entries] == ["phone", "id_number"]
        assert entries[0].object_pk == str(world.member_a.pk)

    def test_unknown_field(self, world, client_as):
        url = f"/api/v1/members/{world.member_a.public_id}/unmask/"
        response = client_as("town_a_admin").post(url, {"field": "name"}, format="json")
        assert response.status_code == 400
        assert "field" in response.json()
        assert access_logs().count() == 0

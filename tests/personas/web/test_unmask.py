"""Showing a masked ID number or phone: allowed roles only, one ACCESS audit row each time."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

pytestmark = pytest.mark.django_db


def access_entries(obj):
    # ACCESS entries also record logins, views and exports: the unmaskings are the "unmask" events.
    return LogEntry.objects.get_for_object(obj).filter(additional_data__event="unmask")


def reveal(client, url_name, obj, field):
    return client.post(reverse(url_name, args=[obj.public_id, field]), REMOTE_ADDR="10.1.2.3")


def test_member_page_shows_only_the_masked_number(login, world):
    page = login("town_a_admin").get(reverse("members:detail", args=[world.member_a.public_id]))
    text = page.content.decode()
    assert world.member_a.id_number_masked in text and "*" in world.member_a.id_number_masked
    assert world.member_a_id_number not in text
    assert "显示" in text


def test_allowed_role_sees_plaintext_and_the_access_is_audited(login, world):
    user = world.user("town_a_admin")
    response = reveal(login("town_a_admin"), "members:reveal", world.member_a, "id_number")
    assert response.status_code == 200
    assert world.member_a_id_number in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = access_entries(world.member_a).get()
    assert entry.actor == user
    assert entry.additional_data["channel"] == "web"
    assert "id_number" in entry.changes_text
    assert entry.remote_addr == "10.1.2.3"


def test_each_reveal_writes_exactly_one_entry(login, world):
    client = login("secretary")
    reveal(client, "members:reveal", world.member_a, "phone")
    reveal(client, "members:reveal", world.member_a, "id_number")
    assert access_entries(world.member_a).count() == 2
    assert LogEntry.objects.filter(additional_data__event="unmask").count() == 2


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("instructor", 404)])
def test_roles_not_allowed_get_no_button_and_no_plaintext(login, world, persona, status):
    client = login(persona)
    detail = client.get(reverse("members:detail", args=[world.member_a.public_id]))
    if detail.status_code == 200:
        assert "hx-post" not in detail.content.decode()
    response = reveal(client, "members:reveal", world.member_a, "id_number")
    assert response.status_code == status
    assert world.member_a_id_number not in response.content.decode()
    assert not access_entries(world.member_a).exists()


def test_reveal_needs_post(login, world):
    url = reverse("members:reveal", args=[world.member_a.public_id, "id_number"])
    assert login("district_admin").get(url).status_code == 405
    assert not access_entries(world.member_a).exists()


def test_reveal_needs_csrf_token(world):
    from django.test import Client

    from tests.clients import MODEL_BACKEND

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("district_admin"), backend=MODEL_BACKEND)
    response = reveal(client, "members:reveal", world.member_a, "id_number")
    assert response.status_code == 403
    assert not access_entries(world.member_a).exists()


def test_unknown_field_is_not_found(login, world):
    response = reveal(login("district_admin"), "members:reveal", world.member_a, "name")
    assert response.status_code == 404


def test_instructor_phone_reveal_is_audited(login, world):
    response = reveal(login("town_a_admin"), "instructors:reveal", world.instructor, "phone")
    assert response.status_code == 200
    assert world.instructor.reveal_phone() in response.content.decode()
    assert access_entries(world.instructor).count() == 1


def test_instructor_cannot_reveal_own_record(login, world):
    response = reveal(login("instructor"), "instructors:reveal", world.instructor, "id_number")
    assert response.status_code == 403
    assert not access_entries(world.instructor).exists()

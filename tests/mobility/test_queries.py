"""Mobility lists run a constant number of queries whatever the number of rows (page and API)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from liangxin.mobility.models import DualManagementAgreement, InflowRegistration
from tests import factories as f
from tests.mobility.conftest import contact, floating, letter

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def no_session_touch_between_requests(settings):
    """The idle-session middleware saves the session now and then: not the list's doing."""
    settings.SESSION_TOUCH_SECONDS = 10**6


_serial = iter(range(10**6))


def add_overdue(world, n):
    for _ in range(n):
        contact(
            floating(world.org_a, place="苏州", since=datetime.date(2020, 1, 1)),
            datetime.date(2020, 1, 1),
        )


def add_agreements(world, n):
    for _ in range(n):
        member = f.MemberFactory(organization=world.org_a, flow_type="inflow")
        DualManagementAgreement.objects.create(
            member=member,
            number=f"N{next(_serial)}",
            signed_on=TODAY,
            home_organization_name="某村",
        )


def add_inflow_members(world, n):
    f.MemberFactory.create_batch(n, organization=world.org_a, flow_type="inflow")


def add_contacts(world, n):
    for _ in range(n):
        contact(floating(world.org_a), TODAY)


def add_departed(world, n):
    for _ in range(n):
        member = f.MemberFactory(organization=world.org_a, flow_type="departed")
        letter(member, issued_on=TODAY, to_name="某社区党委")


def add_transfers(world, n):
    for _ in range(n):
        letter(f.MemberFactory(organization=world.org_a), issued_on=TODAY, to=world.org_b)


def add_registrations(world, n):
    from liangxin.mobility.models import InflowPerson

    for _ in range(n):
        person = InflowPerson(name="流入")
        person.set_id_number(f.id_number())
        person.save()
        for source in ("police", "village"):
            InflowRegistration.objects.create(
                person=person,
                source=source,
                name_as_registered="流入",
                registered_on=TODAY,
                region=world.grid_a,
            )


def add_places(world, n):
    for i in range(n):
        for _ in range(3):
            floating(world.org_a, place=f"地点{i}-{n}")


PAGES = [
    ("mobility:overdue", add_overdue),
    ("mobility:should-transfer", add_overdue),
    ("mobility:agreements", add_agreements),
    ("mobility:inflow-without-agreement", add_inflow_members),
    ("mobility:contacts", add_contacts),
    ("mobility:departed", add_departed),
    ("mobility:transfers", add_transfers),
    ("mobility:registrations", add_registrations),
    ("mobility:branch-suggestions", add_places),
]


def count_queries(client, url, key="rows") -> tuple[int, int]:
    client.get(url)  # warm up: the first request of a session touches it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    rows = response.context[key] if key else response.json()["results"]
    return len(captured), len(rows)


@pytest.mark.parametrize(("url_name", "add_rows"), PAGES)
def test_page_query_count_does_not_grow(login, world, url_name, add_rows):
    client = login("town_a_admin")
    url = reverse(url_name)
    add_rows(world, 3)
    few, few_rows = count_queries(client, url)
    add_rows(world, 12)
    many, many_rows = count_queries(client, url)
    assert many_rows > few_rows and many == few


API_LISTS = [
    ("/api/v1/mobility/overdue-contacts/", add_overdue),
    ("/api/v1/contacts/", add_contacts),
    ("/api/v1/transfers/", add_transfers),
    ("/api/v1/dual-agreements/", add_agreements),
    ("/api/v1/inflow-persons/", add_registrations),
    ("/api/v1/inflow-registrations/", add_registrations),
]


@pytest.mark.parametrize(("url", "add_rows"), API_LISTS)
def test_api_query_count_does_not_grow(client_as, world, url, add_rows):
    client = client_as("town_a_admin")
    add_rows(world, 3)
    few, few_rows = count_queries(client, url, key=None)
    add_rows(world, 12)
    many, many_rows = count_queries(client, url, key=None)
    assert many_rows > few_rows and many == few


def test_overview_query_count_does_not_grow(login, world):
    client = login("town_a_admin")
    url = reverse("mobility:overview")
    add_overdue(world, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_overdue(world, 10)
    add_transfers(world, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)

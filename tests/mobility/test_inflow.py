"""川姜's three-source check of inflow members (DOMAIN.md §2): merged on the ID number.

"建立'公安部门登记查、家纺企业用人工问、居住村居日常访'联排机制，排查流入党员126名，
全部入库管理" — a person found by several sources is one person, with every source kept.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from liangxin.mobility import selectors, services
from liangxin.mobility.models import InflowPerson, InflowRegistration
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY_ONE = datetime.date(2025, 3, 1)


def register(as_user, world, persona="town_a_admin", **data):
    values = {
        "id_number": data.pop("id_number"),
        "name": "张流入",
        "source": "police",
        "registered_on": DAY_ONE,
        "region": world.grid_a,
        **data,
    }
    return as_user(world.user(persona), services.inflow_register, data=values)


def test_three_sources_make_one_person_with_three_registrations(world, as_user):
    number = f.id_number()
    for source in ("police", "employer", "village"):
        register(as_user, world, id_number=number, source=source, employer=world.ent_a)
    assert InflowPerson.objects.count() == 1
    person = InflowPerson.objects.get()
    assert sorted(person.registrations.values_list("source", flat=True)) == [
        "employer",
        "police",
        "village",
    ]
    counts = selectors.inflow_counts(user=world.user("town_a_admin"))
    assert counts == {"persons": 1, "registrations": 3}


def test_the_person_list_counts_each_person_once(world, as_user):
    number = f.id_number()
    register(as_user, world, id_number=number, source="police")
    register(as_user, world, id_number=number, source="village", name="张流入（村居）")
    register(as_user, world, id_number=f.id_number(), source="employer", name="李流入")
    people = selectors.inflow_person_list(user=world.user("town_a_admin"))
    assert people.count() == 2
    merged = people.get(registrations__source="police")
    assert (merged.registration_count, merged.source_count) == (2, 2)
    assert merged.name == "张流入"  # the first finding names the person; each source keeps its own
    names = set(InflowRegistration.objects.values_list("name_as_registered", flat=True))
    assert names == {"张流入", "张流入（村居）", "李流入"}


def test_id_number_in_other_spelling_still_merges(world, as_user):
    number = f.id_number()
    while not number.endswith("X"):
        number = f.id_number()
    register(as_user, world, id_number=number)
    register(as_user, world, id_number=f" {number.lower()} ", source="village")
    assert InflowPerson.objects.count() == 1


def test_different_id_numbers_are_two_persons(world, as_user):
    register(as_user, world, id_number=f.id_number())
    register(as_user, world, id_number=f.id_number())
    assert InflowPerson.objects.count() == 2


def test_same_source_same_day_twice_is_refused(world, as_user):
    number = f.id_number()
    register(as_user, world, id_number=number)
    with pytest.raises(ValidationError) as caught:
        register(as_user, world, id_number=number)
    assert "该人员在同一日期已由该来源在该区域登记" in caught.value.message_dict["registered_on"]
    assert InflowRegistration.objects.count() == 1


def test_registration_of_a_member_links_the_member_record(world, as_user):
    register(as_user, world, id_number=world.member_a_id_number)
    assert InflowPerson.objects.get().member == world.member_a


def test_two_towns_find_the_same_person_once(world, as_user):
    number = f.id_number()
    register(as_user, world, id_number=number, region=world.grid_a)
    register(as_user, world, persona="town_b_admin", id_number=number, region=world.grid_b)
    assert InflowPerson.objects.count() == 1
    assert selectors.inflow_counts(user=world.user("town_a_admin"))["registrations"] == 1
    assert selectors.inflow_counts(user=world.user("district_admin")) == {
        "persons": 1,
        "registrations": 2,
    }


def test_a_registration_outside_the_scope_is_refused(world, as_user):
    with pytest.raises(ValidationError):
        register(as_user, world, persona="town_b_admin", id_number=f.id_number())
    assert not InflowPerson.objects.exists()


def test_malformed_id_number_is_refused_in_chinese(world, as_user):
    with pytest.raises(ValidationError) as caught:
        register(as_user, world, id_number="350503198001150000")
    assert caught.value.message_dict["id_number"]


def test_region_defaults_to_the_employers(world, as_user):
    registration = register(
        as_user, world, id_number=f.id_number(), region=None, employer=world.ent_a
    )
    assert registration.region == world.grid_a


def test_no_plaintext_id_number_in_any_database_row(world, as_user):
    number = f.id_number()
    phone = "13912345678"
    for source in ("police", "employer", "village"):
        register(as_user, world, id_number=number, phone=phone, source=source)
    assert not rows_containing(number) and not rows_containing(phone)


def rows_containing(text: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            found += [table for row in cursor.fetchall() if text in repr(row)]
    return found

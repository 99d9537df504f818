"""seed_demo (DOMAIN.md §5): a valid, deterministic demo dataset with logins for every role."""

import dataclasses
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone
from stdnum.cn import uscc

from liangxin.core.validators import (
    birth_date_from_id_number,
    gender_from_id_number,
    validate_id_number,
)
from liangxin.demo.accounts import DEFAULT_DEMO_PASSWORD, DEMO_LOGINS
from liangxin.demo.generator import all_records
from liangxin.demo.people import add_years
from liangxin.enterprises.models import Enterprise
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor

SEED = 7


def seed(*args) -> str:
    out = StringIO()
    call_command(
        "seed_demo", "--scale", "small", "--seed", str(SEED), *args, stdout=out, stderr=StringIO()
    )
    return out.getvalue()


@pytest.fixture
def seeded(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return seed()


def records_digest(seed_value: int) -> str:
    regions, chunk = all_records("small", seed_value)
    digest = hashlib.sha256()
    for record in [*regions, *chunk.enterprises, *chunk.organizations, *chunk.members]:
        digest.update(repr(dataclasses.astuple(record)).encode())
    return digest.hexdigest()


def test_generator_is_deterministic_by_seed():
    assert records_digest(SEED) == records_digest(SEED)
    assert records_digest(SEED) != records_digest(SEED + 1)


def test_database_holds_exactly_the_generated_records(seeded):
    _, chunk = all_records("small", SEED)
    assert sorted(Enterprise.objects.values_list("uscc", "name")) == sorted(
        (e.uscc, e.name) for e in chunk.enterprises
    )
    assert sorted(Member.objects.values_list("name", "public_id")) == sorted(
        (m.name, m.public_id) for m in chunk.members
    )


def test_small_scale_has_the_promised_shape(seeded):
    assert Enterprise.objects.count() == 200
    assert 10 <= PartyOrganization.objects.count() <= 60
    assert 80 <= Member.objects.count() <= 300
    assert Instructor.objects.exists()
    assert set(Region.objects.values_list("kind", flat=True)) >= {"county", "town", "area", "grid"}


def test_every_uscc_has_a_valid_check_character(seeded):
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert codes and all(uscc.is_valid(code) for code in codes)


@pytest.mark.parametrize("model", [Member, Instructor])
def test_id_numbers_decrypt_validate_and_agree_with_the_record(seeded, model):
    people = list(model.objects.all())
    assert people
    for person in people:
        number = validate_id_number(person.reveal_id_number())
        assert person.id_number_masked == number[:4] + "*" * 10 + number[-4:]
        if model is Member:
            assert person.gender == gender_from_id_number(number)
            assert person.birth_date == birth_date_from_id_number(number)


def test_trees_are_consistent(seeded):
    assert all(problems == [] for problems in Region.objects.find_problems())
    assert all(problems == [] for problems in PartyOrganization.objects.find_problems())


def test_coverage_facts_are_rebuilt_after_the_bulk_load(seeded):
    # The seed writes with the triggers off and rebuilds once; the statistics read the result.
    from liangxin.coverage import facts

    assert facts.missing_triggers() == []
    assert facts.discrepancies() == []
    assert Enterprise.objects.filter(facts__employed_members__gt=0).exists()


def test_the_data_version_triggers_are_back_and_the_version_moved(db, monkeypatch):
    """The seed writes without the per-row version triggers and bumps once: cached lists
    from before the seed must not be served after it."""
    from liangxin.core import data_version

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    before = data_version.current()
    seed()
    assert data_version.missing_triggers() == []
    assert data_version.current() != before


def test_membership_dates_follow_the_rules(seeded):
    for member in Member.objects.all():
        assert member.joined_on >= add_years(member.birth_date, 18)
        if member.status == "full":
            assert member.full_member_on >= add_years(member.joined_on, 1)
            assert member.full_member_on > member.joined_on
        else:
            assert member.full_member_on is None


def test_organizations_include_each_kind_of_the_shape(seeded):
    kinds = set(PartyOrganization.objects.values_list("kind", flat=True))
    assert {"working_committee", "committee", "branch", "joint_branch"} <= kinds
    assert PartyOrganization.objects.filter(dissolved_on__lt=timezone.localdate()).exists()
    assert PartyOrganization.objects.exclude(secretary=None).exists()


def test_every_demo_login_works(seeded, client):
    request = RequestFactory().post("/login/")
    for login in DEMO_LOGINS:
        assert client.login(
            request=request, username=login.username, password=DEFAULT_DEMO_PASSWORD
        )
        client.logout()


def test_instructor_login_is_linked_to_an_instructor_record(seeded):
    assert Instructor.objects.filter(user__username="instructor").exists()


def test_output_names_the_address_and_the_logins(seeded):
    assert "http://127.0.0.1:8000" in seeded
    assert all(login.username in seeded for login in DEMO_LOGINS)


def test_if_empty_is_a_no_op_on_a_second_run(seeded):
    before = (Enterprise.objects.count(), Member.objects.count())
    output = seed("--if-empty")
    assert "跳过" in output
    assert "district_admin" in output
    assert (Enterprise.objects.count(), Member.objects.count()) == before


def test_second_run_without_if_empty_refuses(seeded):
    with pytest.raises(CommandError):
        seed()


def test_the_banner_names_the_address_make_run_serves(seeded, monkeypatch):
    """`make run PORT=8123` passes its address on: the banner must not send people to :8000."""
    monkeypatch.setenv("DEMO_SITE_URL", "http://127.0.0.1:8123")
    banner = seed("--if-empty")
    assert "http://127.0.0.1:8123" in banner and ":8000" not in banner
    monkeypatch.delenv("DEMO_SITE_URL")
    assert "http://127.0.0.1:8000" in seed("--if-empty")


def test_a_database_emptied_of_its_data_migration_rows_is_seeded_all_the_same(db, monkeypatch):
    """A flushed database (a live-server test's) has lost what the data migrations wrote:
    the enterprise tags, the request categories and deadline rules, the certification
    levels and allowance rules. seed_demo writes back what it needs instead of failing
    (KeyError 'high_tech'; then an empty sample of categories in the requests' demo)."""
    from liangxin.enterprises.models import EnterpriseTag
    from liangxin.requests.models import DeadlineRule, Request, RequestCategory
    from liangxin.workforce.models_people import AllowanceRule, CertificationLevel

    RequestCategory.objects.exclude(parent=None).delete()  # the children first (protected)
    for model in (EnterpriseTag, DeadlineRule, RequestCategory, AllowanceRule, CertificationLevel):
        model.objects.all().delete()
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    seed()
    assert set(EnterpriseTag.objects.values_list("code", flat=True)) >= {"high_tech", "listed"}
    assert Enterprise.objects.filter(tags__code="high_tech").exists()
    assert Request.objects.exists() and DeadlineRule.objects.exists()
    assert CertificationLevel.objects.count() == 4
    assert AllowanceRule.objects.filter(cert_level="special", amount=9600).exists()


def test_the_demo_town_has_its_party_workers_one_per_station(seeded):
    """WORK.md §4 [L:张家港] 一站一岗: each station of the demo town has one full-time worker;
    every organization with a secretary has the secretary as a party worker."""
    from liangxin.accounts.models import User
    from liangxin.organizations.models import PartyStation
    from liangxin.workforce.models_people import PartyWorker, WorkerRole

    town = User.objects.get(username="town_admin").regions.get()
    stations = PartyStation.objects.filter(region__path__startswith=town.path)
    full_time = PartyWorker.objects.filter(role=WorkerRole.FULL_TIME)
    assert sorted(full_time.values_list("station_id", flat=True)) == sorted(
        stations.values_list("id", flat=True)
    )
    with_secretary = PartyOrganization.objects.filter(
        region__path__startswith=town.path, secretary__isnull=False
    )
    secretaries = PartyWorker.objects.filter(role=WorkerRole.SECRETARY)
    assert set(secretaries.values_list("organization_id", flat=True)) == set(
        with_secretary.values_list("id", flat=True)
    )

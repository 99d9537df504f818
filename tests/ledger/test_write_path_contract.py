"""The two write paths of the registry answer alike: the write services and the ledger import.

Each ledger kind restates by hand the rules its app's services keep (constraints,
choices, references inside the writer's scope, dates not ahead of today, what a blank
cell means). For every case of ``contract_cases.CASES`` — one change to a valid base
record — this file writes the record through the service (as the kind's persona of the
``world``) and through the ledger import, and asserts:

* a refused change is refused by both: the service raises ValidationError or OutOfScope,
  the import fails that row on the column the case names, and neither writes a row;
* the base record, and every accepted change, is stored by both with the same values in
  every field both write.

``test_every_constraint_and_reference_has_a_case`` binds the table to the code: a
constraint, a unique field, a required field, a choice, a reference column or a blank
default added to a kind's model or columns fails it until a case (or an exemption with
its reason, ``contract_cases.EXEMPT``) is added. Where the paths disagree today, the case
is a strict xfail naming the disagreement: the day one path is brought in line, the
xfail turns into a failure and the mark comes off.
"""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction

from liangxin.core import pii
from liangxin.core.services import OutOfScope
from liangxin.dues.services import dues_base_set
from liangxin.enterprises.services import enterprise_create
from liangxin.ledger.kinds import all_kinds as registered_kinds  # the registry of ledger kinds
from liangxin.life.services import meeting_record
from liangxin.members.services import member_create
from liangxin.mobility.services import contact_record
from liangxin.organizations.services import organization_create
from liangxin.regions.services import region_create
from liangxin.workforce.services import instructor_create
from tests import factories as f
from tests.ledger.contract_cases import (
    ACTORS,
    CASES,
    EXEMPT,
    OMIT,
    Given,
    base_record,
    cell,
    covered,
    obligations,
    written_models,
)
from tests.ledger.helpers import csv_bytes, errors, run

pytestmark = pytest.mark.django_db

KINDS = registered_kinds()
NOWHERE_PK = 2**31 - 1  # the primary key of a record of nothing: what a code of nothing names


@pytest.fixture
def given(world) -> Given:
    outsider = f.InstructorFactory(
        name="开发区指导员", region=world.town_b, enterprises=[world.ent_b]
    )
    branch_parent = f.organization("GB-K", "契约党总支", region=world.grid_a, kind="general_branch")
    return Given(
        world=world,
        member_b_number=world.member_b.reveal_id_number(),
        outside_instructor_number=outsider.reveal_id_number(),
        branch_parent=branch_parent.code,
    )


# --- the service path --------------------------------------------------------------------


def _regions(actor, data: dict, g: Given):
    return region_create(actor=actor, parent=data.pop("parent", None), data=data)


def _organizations(actor, data: dict, g: Given):
    return organization_create(actor=actor, parent=data.pop("parent", None), data=data)


def _instructors(actor, data: dict, g: Given):
    # The form's 所属区域 is the writer's town, where the ledger files a new instructor.
    return instructor_create(actor=actor, data={"region": g.world.town_a, **data})


def _dues_bases(actor, data: dict, g: Given):
    return dues_base_set(
        actor=actor,
        member=data.get("member"),
        year=data.get("year"),
        category=data.get("category"),
        base=data.get("base"),  # blank: None, as the form and the API hand it over
        farmer_amount=data.get("farmer_amount"),
    )


def _meetings(actor, data: dict, g: Given):
    # An empty sign-in sheet: every member of the organization counts as absent.
    organization = data.pop("organization", None)
    return meeting_record(actor=actor, organization=organization, data=data, sheet=[])


SERVICES = {
    "regions": _regions,
    "enterprises": lambda actor, data, g: enterprise_create(actor=actor, data=data),
    "organizations": _organizations,
    "members": lambda actor, data, g: member_create(actor=actor, data=data),
    "instructors": _instructors,
    "dues_bases": _dues_bases,
    "contacts": lambda actor, data, g: contact_record(actor=actor, data=data),
    "meetings": _meetings,
}


def service_data(kind, record: dict) -> dict:
    """The record as a form hands it to the service: references as instances, blanks empty."""
    references = {ref.header: ref for ref in kind.references}
    data = {}
    for header, value in record.items():
        if value is OMIT:
            continue
        if header in references:
            ref = references[header]
            data[ref.writes] = _referenced(ref, value)
        else:
            name = kind.column(header).field
            data[name] = _empty(kind.model, name) if value is None else value
    return data


def _referenced(ref, value):
    if ref.many:
        return [_instance(ref, code) for code in value or ()]
    return None if value is None else _instance(ref, value)


def _instance(ref, code: str):
    """The record ``code`` names, unscoped (the service checks the scope); for a code of
    nothing, a record that is not there."""
    key = pii.blind_index(code) if ref.key.endswith("_digest") else code
    found = ref.model._default_manager.filter(**{ref.key: key}).first()
    return found or ref.model(pk=NOWHERE_PK, **{ref.key: key})


def _empty(model, name: str):
    """What a form's blank field gives: "" for text, None for the rest."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return "" if isinstance(field, models.CharField) and not field.null else None


def write_through_service(kind, record: dict, g: Given):
    return SERVICES[kind.name](g.actor(kind.name), service_data(kind, record), g)


# --- the ledger path ---------------------------------------------------------------------------


def import_records(kind, records: list[dict], g: Given):
    headers = list(dict.fromkeys(header for record in records for header in record))
    rows = [[cell(record.get(header)) for header in headers] for record in records]
    return run(kind.name, csv_bytes([headers, *rows]), user=g.actor(kind.name))


# --- what was written --------------------------------------------------------------------------


class _Undone(Exception):
    def __init__(self, value):
        self.value = value


def rolled_back(work):
    """``work()``'s result, with everything it wrote rolled back."""
    try:
        with transaction.atomic():
            raise _Undone(work())
    except _Undone as undone:
        return undone.value


def row_counts(kind) -> dict:
    return {model._meta.label: model._default_manager.count() for model in written_models(kind)}


def pks(kind) -> set:
    return set(kind.model._default_manager.values_list("pk", flat=True))


# Fields both paths write that are not among the kind's stored fields.
ALSO_WRITTEN = {
    "instructors": ("region_id",),
    "contacts": ("contacted_by_id",),
    "meetings": ("created_by_id", "status"),
}


def stored(kind, pk) -> dict:
    """Every field both paths write, as read back (ciphertext as its plaintext)."""
    instance = kind.model._default_manager.get(pk=pk)
    names = [n for n in kind.stored_fields if not n.endswith("_cipher")]
    values = {name: getattr(instance, name) for name in [*names, *ALSO_WRITTEN.get(kind.name, ())]}
    for ref in kind.references:
        if ref.writes == "parent":
            parent = kind.model._default_manager.filter(path=instance.path[: -kind.model.steplen])
            values["parent"] = parent.values_list("code", flat=True).first()
        elif ref.many:
            values[ref.writes] = sorted(
                getattr(instance, ref.writes).values_list(ref.key, flat=True)
            )
    if hasattr(instance, "reveal_id_number"):
        values["id_number"] = instance.reveal_id_number()
        values["phone"] = instance.reveal_phone()
    return values


def stored_through_service(kind, record: dict, g: Given) -> dict:
    def write():
        before = pks(kind)
        write_through_service(kind, record, g)
        [pk] = pks(kind) - before
        return stored(kind, pk)

    return rolled_back(write)


def stored_through_ledger(kind, record: dict, g: Given) -> dict:
    before = pks(kind)
    result = import_records(kind, [record], g)
    assert errors(result) == []
    assert result.written and result.created == 1
    [pk] = pks(kind) - before
    return stored(kind, pk)


def service_refusal(kind, record: dict, g: Given, *, twice: bool) -> Exception:
    """The service's refusal of ``record`` (the second time, if ``twice``); nothing written."""

    def attempt():
        if twice:
            write_through_service(kind, record, g)
        before = row_counts(kind)
        try:
            with transaction.atomic():
                write_through_service(kind, record, g)
        except (ValidationError, OutOfScope) as refusal:
            assert row_counts(kind) == before
            return refusal
        raise AssertionError(f"the service accepted {record}")

    return rolled_back(attempt)


def ledger_refusal(kind, record: dict, g: Given, *, twice: bool) -> list:
    """The import's row errors for ``record`` (its second row, if ``twice``); nothing written."""
    records = [record, record] if twice else [record]
    before = row_counts(kind)
    result = import_records(kind, records, g)
    assert row_counts(kind) == before
    assert not result.written
    return errors(result)


def refused_field(kind, case) -> str:
    """The service's field for the case's column (a reference's field, or the column's)."""
    if case.field:
        return case.field
    references = {ref.header: ref.writes for ref in kind.references}
    return references.get(case.header) or kind.column(case.header).field


def names_the_field(refusal, field: str) -> bool:
    """A refusal about the whole record (OutOfScope, the scope check after the save, a
    constraint's __all__) fits any field; else it must name ``field``."""
    errors = getattr(refusal, "error_dict", None)
    if isinstance(refusal, OutOfScope) or errors is None or NON_FIELD_ERRORS in errors:
        return True
    return field in errors


# --- the table ---------------------------------------------------------------------------------


def _params(cases):
    return [
        pytest.param(
            case,
            id=case.id,
            marks=pytest.mark.xfail(strict=True, reason=case.disagreement)
            if case.disagreement
            else (),
        )
        for case in cases
    ]


REFUSED = [case for case in CASES if not case.accepted]
ACCEPTED = [case for case in CASES if case.accepted]


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_base_record_is_stored_alike(given, kind):
    ledger = KINDS[kind]
    record = base_record(kind, given)
    assert stored_through_service(ledger, record, given) == stored_through_ledger(
        ledger, record, given
    )


@pytest.mark.parametrize("case", _params(ACCEPTED))
def test_an_accepted_change_is_stored_alike(given, case):
    ledger = KINDS[case.kind]
    record = base_record(case.kind, given) | case.change(given)
    assert stored_through_service(ledger, record, given) == stored_through_ledger(
        ledger, record, given
    )


@pytest.mark.parametrize("case", _params(REFUSED))
def test_a_violation_is_refused_by_both_paths(given, case):
    ledger = KINDS[case.kind]
    record = base_record(case.kind, given) | case.change(given)
    if not case.unreachable:
        refusal = service_refusal(ledger, record, given, twice=case.twice)
        assert names_the_field(refusal, refused_field(ledger, case)), refusal
    found = ledger_refusal(ledger, record, given, twice=case.twice)
    refused_row = 3 if case.twice else 2
    assert {number for number, _, _ in found} == {refused_row}, found
    assert case.header in {header for _, header, _ in found}, found


# --- the table covers every rule -----------------------------------------------------------


def test_every_registered_kind_has_a_persona_and_cases():
    assert set(ACTORS) == set(KINDS) == set(SERVICES)
    assert {case.kind for case in CASES} == set(KINDS)
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_constraint_and_reference_has_a_case(kind):
    """A constraint, unique field, required field, choice, date rule, required column,
    relation, reference column or blank default without a case (or a reasoned exemption)
    fails here; so does a case or exemption for something the kind no longer has."""
    ledger = KINDS[kind]
    owed, met = obligations(ledger), covered(ledger)
    exempt = {item for (name, item) in EXEMPT if name == kind}
    assert sorted(owed - met - exempt) == [], "add a contract case for each"
    claimed = {item for case in CASES if case.kind == kind for item in case.covers}
    assert sorted(claimed - owed) == [], "a case covers what the kind does not have"
    assert sorted(exempt - owed) == [], "an exemption for what the kind does not have"
    assert sorted(exempt & met) == [], "both a case and an exemption"

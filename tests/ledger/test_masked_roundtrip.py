"""Every ledger kind's export re-imports with zero changes and no errors, plain and masked
(DOMAIN.md §5: "an export re-imports unchanged"; issue 14 item 4: masked exports too).

A masked cell (3505**********123X, 138****5678, a birth year) stands for what is on
record: it matches the record and never overwrites it (liangxin/ledger/masked.py).
"""

import csv
import datetime
import io

import pytest

from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.ledger import masked, reader_process
from liangxin.ledger.export import export_ledger
from liangxin.ledger.framework import ImportContext
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.pipeline import run_import
from liangxin.members.models import Member
from liangxin.mobility.models import ContactLog
from liangxin.workforce.models import Instructor
from tests import factories as f
from tests.dues.conftest import base_for

KINDS = [
    "regions",
    "enterprises",
    "organizations",
    "members",
    "instructors",
    "dues_bases",
    "contacts",
]
PERSONAL = ["members", "instructors", "dues_bases", "contacts"]


@pytest.fixture
def ledgers(world):
    """The world with a dues base and a contact on record, so every kind has rows."""
    base_for(world.member_a, year=2025)
    base_for(world.member_b, year=2025, base="5000.00")
    ContactLog.objects.create(
        member=world.member_a, contacted_on=datetime.date(2025, 6, 1), contact_name="张书记"
    )
    return world


def exported(kind, *, fmt="xlsx", user=None, reveal=False) -> bytes:
    stream = io.BytesIO()
    with audit_context(user, channel=CHANNEL_COMMAND):
        export_ledger(kind, stream, ImportContext(user=user), fmt=fmt, reveal=reveal)
    return stream.getvalue()


def imported(kind, data, *, user=None, fmt="xlsx", **options):
    with audit_context(user, channel=CHANNEL_COMMAND):
        return run_import(
            kind_name=kind,
            data=data,
            file_name=f"{kind}.{fmt}",
            ctx=ImportContext(user=user),
            **options,
        )


def snapshot(kind) -> list[dict]:
    """Every stored value of the kind's records (ciphertext included)."""
    model = kind_named(kind).model
    return [
        {k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()}
        for row in model.objects.order_by("pk").values()
    ]


def reasons(result) -> list[tuple]:
    return [(r.number, e.header, e.value, e.reason) for r in result.bad_rows for e in r.errors]


def assert_nothing_changes(kind, data, *, user=None, fmt="xlsx"):
    before = snapshot(kind)
    result = imported(kind, data, user=user, fmt=fmt)
    assert reasons(result) == []
    assert result.notes == []
    assert result.is_noop, [(r.number, r.changes) for r in result.updates]
    assert result.unchanged > 0
    assert snapshot(kind) == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reveal", [True, False], ids=["plain", "masked"])
def test_every_export_reimports_with_zero_changes(ledgers, kind, fmt, reveal):
    data = exported(kind, fmt=fmt, reveal=reveal)
    if fmt == "csv" and kind in PERSONAL:
        assert (b"**********" in data) is not reveal  # the ID numbers as masked, or plain
    assert_nothing_changes(kind, data, fmt=fmt)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PERSONAL)
@pytest.mark.parametrize("persona", ["district_admin", "town_a_admin"])
def test_a_users_masked_export_reimports_with_zero_changes(ledgers, kind, persona):
    user = ledgers.user(persona)
    assert_nothing_changes(kind, exported(kind, user=user), user=user)


@pytest.mark.django_db
def test_a_birth_year_only_export_reimports_unchanged(ledgers):
    """A leader may not unmask: the export shows the birth year; an editor re-imports it."""
    data = exported("members", user=ledgers.user("leader"))
    rows = _csv_rows(exported("members", user=ledgers.user("leader"), fmt="csv"))
    assert rows[1][rows[0].index("出生日期")] in {"1980", str(ledgers.member_b.birth_date.year)}
    assert_nothing_changes("members", data, user=ledgers.user("district_admin"))


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _csv(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


def _edited(kind, header, value, *, match=None, **export) -> bytes:
    """The masked CSV export of ``kind`` with ``header`` set to ``value`` in the row whose
    姓名 is ``match`` (the first data row without one)."""
    rows = _csv_rows(exported(kind, fmt="csv", **export))
    index = 1
    if match is not None:
        index = next(i for i, row in enumerate(rows) if match in row)
    rows[index][rows[0].index(header)] = value
    return _csv(rows[: index + 1][:1] + [rows[index]])


@pytest.mark.django_db
def test_a_changed_cell_beside_masked_ones_updates_only_that_field(ledgers):
    data = _edited("members", "民族", "回族", match="林晓红")
    result = imported("members", data, fmt="csv")
    assert reasons(result) == []
    assert [sorted(r.changes) for r in result.updates] == [["ethnicity"]]
    member = Member.objects.get(pk=ledgers.member_a.pk)
    assert member.ethnicity == "回族"
    assert member.reveal_id_number() == ledgers.member_a_id_number  # not the masked form


@pytest.mark.django_db
def test_a_masked_number_for_a_new_person_is_refused_in_chinese(ledgers):
    data = _edited("members", "姓名", "新来的人", match="林晓红")
    result = imported("members", data, fmt="csv")
    assert [(h, reason) for _, h, _, reason in reasons(result)] == [
        ("公民身份号码", masked.NOT_FOUND)
    ]
    assert not result.written
    assert Member.objects.filter(name="新来的人").count() == 0


@pytest.mark.django_db
def test_a_masked_number_for_a_new_contact_is_refused_in_chinese(ledgers):
    data = _edited("contacts", "联系日期", "2025-07-01")
    result = imported("contacts", data, fmt="csv")
    assert [(h, reason) for _, h, _, reason in reasons(result)] == [
        ("公民身份号码", masked.NEW_RECORD)
    ]
    value = reasons(result)[0][2]
    assert "*" in value  # the report shows the number masked
    assert ContactLog.objects.count() == 1


@pytest.mark.django_db
def test_a_masked_phone_that_differs_from_the_record_is_refused(ledgers):
    data = _edited("members", "手机号码", "139****0000", match="林晓红")
    result = imported("members", data, fmt="csv")
    assert [(h, reason) for _, h, _, reason in reasons(result)] == [
        ("手机号码", masked.PHONE_DIFFERS)
    ]
    assert not result.written


@pytest.mark.django_db
def test_a_plain_phone_beside_a_masked_number_is_written(ledgers):
    data = _edited("members", "手机号码", "13912345678", match="林晓红")
    result = imported("members", data, fmt="csv")
    assert reasons(result) == []
    assert Member.objects.get(pk=ledgers.member_a.pk).reveal_phone() == "13912345678"


@pytest.mark.django_db
def test_one_masked_number_naming_two_people_by_name_is_ambiguous(ledgers):
    # Same masked form (first 4, last 4) and the same name: the file cannot say which.
    same = _same_mask(ledgers.member_a_id_number)
    f.MemberFactory(name="林晓红", organization=ledgers.org_a, id_number_value=same)
    data = _edited("members", "民族", "汉族", match="林晓红")
    result = imported("members", data, fmt="csv")
    assert [(h, reason) for _, h, _, reason in reasons(result)] == [
        ("公民身份号码", masked.AMBIGUOUS)
    ]


@pytest.mark.django_db
def test_contacts_of_people_sharing_a_masked_number_are_told_apart_by_the_record(ledgers):
    other = f.MemberFactory(
        name="另一人",
        organization=ledgers.org_a,
        id_number_value=_same_mask(ledgers.member_a_id_number),
    )
    assert other.id_number_masked == ledgers.member_a.id_number_masked
    assert_nothing_changes("contacts", exported("contacts"))


@pytest.mark.django_db
def test_instructor_masked_export_keeps_the_stored_number_and_phone(ledgers):
    before = Instructor.objects.get(pk=ledgers.instructor.pk)
    assert_nothing_changes("instructors", exported("instructors"))
    after = Instructor.objects.get(pk=ledgers.instructor.pk)
    assert after.reveal_id_number() == before.reveal_id_number()
    assert after.reveal_phone() == before.reveal_phone()


def _same_mask(number: str) -> str:
    """Another valid number with the same first four and last four characters."""
    from stdnum.cn import ric

    for day in range(1, 28):
        body = number[:6] + f"199203{day:02d}" + number[14:17]
        candidate = body + ric.calc_check_digit(body + "0")  # the digit it replaces
        if candidate != number and candidate[-1] == number[-1]:
            return candidate
    raise AssertionError("no number with the same mask")


@pytest.mark.django_db
@pytest.mark.skipif(not reader_process.can_fork(), reason="needs fork and 2 cores")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("main_parses", [False, True], ids=["worker parses", "main parses"])
def test_a_masked_member_file_read_in_a_second_process(ledgers, monkeypatch, main_parses):
    """Members are read in a forked process for big files: the masked rows come unprepared
    and are settled in the main process, chunk by chunk."""
    for _ in range(5):
        f.MemberFactory(organization=ledgers.org_a)
    monkeypatch.setattr(kind_named("members"), "chunk_rows", 2)
    monkeypatch.setattr(reader_process, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(reader_process, "FORK_WITH_THREADS", True)
    monkeypatch.setattr(reader_process, "_main_is_waiting", lambda hungry: main_parses)
    assert_nothing_changes("members", exported("members"))

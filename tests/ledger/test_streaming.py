"""The streaming write (enterprises, members): chunks, spool, COPY/multi-row INSERT, history.

Chunks are shrunk to 2 rows so a handful of rows crosses several chunks; on
PostgreSQL (CI runs the suite there too) every write here goes through COPY.
Every test runs with the file read inline and read in a worker process.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, connection

from liangxin.core import pii
from liangxin.enterprises.models import Enterprise
from liangxin.ledger import bulk, reader_process
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.pipeline import ImportCancelled
from liangxin.members.models import Member
from tests import factories as f
from tests.ledger.helpers import csv_bytes, errors, run

# pytest-xdist's worker runs a thread; the import's own processes have one.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)

HEADERS = ["统一社会信用代码", "企业名称", "所属区域代码", "经营状态", "职工人数", "成立日期"]
USCCS = [
    "91350100M000100Y43",  # GB 32100-2015's own example
    "913505037FDLQ20RDE",
    "9135050376E80RHK51",
    "92350503BUQN2L35T7",
    "92350503ATAWLJNBTH",
]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    for name in ("enterprises", "members"):
        monkeypatch.setattr(kind_named(name), "chunk_rows", 2)


@pytest.fixture(
    autouse=True, params=["read inline", "the worker parses", "the main process parses"]
)
def reading(request, monkeypatch):
    """Every test three ways: as a small file is read, and as a big one is (a forked
    reader), with every chunk parsed by the worker or every one by the main process."""
    if request.param == "read inline":
        return
    if not reader_process.can_fork():
        pytest.skip("needs fork and 2 cores")
    monkeypatch.setattr(reader_process, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(reader_process, "FORK_WITH_THREADS", True)
    main_parses = request.param == "the main process parses"
    monkeypatch.setattr(reader_process, "_main_is_waiting", lambda hungry: main_parses)


def rows(count, *, employees=10):
    return [
        [uscc, f"测试{i}有限公司", "CJ-A1-01", "在营", str(employees + i), "2020-03-05"]
        for i, uscc in enumerate(USCCS[:count])
    ]


class EnterpriseCases:
    def test_created_across_chunks_with_one_history_entry_each(self, world):
        result = run("enterprises", csv_bytes([HEADERS, *rows(5)]), name="新建.csv")
        assert (result.created, result.written) == (5, True)
        saved = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=USCCS)}
        assert saved[USCCS[4]].employee_count == 14
        assert saved[USCCS[0]].registered_on == datetime.date(2020, 3, 5)
        assert saved[USCCS[0]].region == world.grid_a and saved[USCCS[0]].created_at
        entries = LogEntry.objects.get_for_objects(Enterprise.objects.filter(uscc__in=USCCS))
        assert entries.count() == 5
        entry = entries.get(object_id=saved[USCCS[1]].pk)
        assert entry.action == LogEntry.Action.CREATE and entry.object_repr == "测试1有限公司"
        assert entry.changes["employee_count"] == [None, "11"]
        assert entry.additional_data == {"channel": "import", "job": None, "file": "新建.csv"}

    def test_new_ids_follow_the_existing_ones(self, world):
        run("enterprises", csv_bytes([HEADERS, *rows(3)]))
        new = Enterprise.objects.filter(uscc__in=USCCS).order_by("id")
        assert new.first().pk > world.ent_b.pk
        later = f.EnterpriseFactory(region=world.grid_a)  # the sequence moved on too
        assert later.pk > new.last().pk

    def test_updates_grouped_by_changed_fields(self, world):
        run("enterprises", csv_bytes([HEADERS, *rows(4)]))
        changed = rows(4)
        changed[0][4] = "99"  # 职工人数 only
        changed[2][3] = "停产"  # 经营状态 only
        result = run("enterprises", csv_bytes([HEADERS, *changed]))
        assert (result.updated, result.unchanged, result.written) == (2, 2, True)
        assert Enterprise.objects.get(uscc=USCCS[0]).employee_count == 99
        third = Enterprise.objects.get(uscc=USCCS[2])
        assert (third.status, third.employee_count) == ("suspended", 12)
        entry = LogEntry.objects.get_for_object(third).latest("id")
        assert entry.action == LogEntry.Action.UPDATE
        assert entry.changes == {"status": ["operating", "suspended"]}

    def test_a_bad_row_in_a_later_chunk_writes_nothing(self, world):
        data = rows(5)
        data[4][4] = "很多"
        result = run("enterprises", csv_bytes([HEADERS, *data]))
        assert (result.written, result.bad, result.created) == (False, 1, 4)
        assert errors(result) == [(6, "职工人数", "应为整数")]
        assert result.bad_rows[0].cells[4] == "很多"  # kept for the error file
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()

    def test_keep_good_writes_the_other_chunks(self, world):
        data = rows(5)
        data[1][4] = "很多"
        result = run("enterprises", csv_bytes([HEADERS, *data]), keep_good=True)
        assert (result.written, result.created, result.bad) == (True, 4, 1)
        assert Enterprise.objects.filter(uscc__in=USCCS).count() == 4

    def test_a_key_repeated_in_a_later_chunk_is_a_bad_row(self, world):
        data = rows(4)
        data[3][0] = USCCS[0]
        result = run("enterprises", csv_bytes([HEADERS, *data]))
        assert errors(result) == [(5, "统一社会信用代码", "与第 2 行重复")]
        assert not result.written
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()
        assert not LogEntry.objects.filter(additional_data__channel="import").exists()

    def test_a_bad_row_in_the_last_chunk_keeps_nothing_of_the_earlier_ones(self, world):
        data = rows(5)
        data[4][4] = "很多"
        result = run("enterprises", csv_bytes([HEADERS, *data]))
        assert [row for row, _, _ in errors(result)] == [6]
        assert (result.written, result.created) == (False, 4)
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()
        assert not LogEntry.objects.filter(additional_data__channel="import").exists()

    def test_cancelling_while_writing_rolls_back(self, world):
        def progress(stage, done, total):
            if stage == "写入" and done:
                raise ImportCancelled

        with pytest.raises(ImportCancelled):
            run("enterprises", csv_bytes([HEADERS, *rows(5)]), progress=progress)
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()
        assert not LogEntry.objects.filter(additional_data__channel="import").exists()

    def test_dry_run_counts_without_writing(self, world):
        result = run("enterprises", csv_bytes([HEADERS, *rows(5)]), dry_run=True)
        assert (result.created, result.written) == (5, False)
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()

    def test_good_rows_drop_their_cells(self, world):
        result = run("enterprises", csv_bytes([HEADERS, *rows(3)]), dry_run=True)
        assert result.bad_rows == [] and result.updates == []


MEMBER_HEADERS = ["公民身份号码", "姓名", "所在党组织编码", "党员状态", "手机号码", "入党日期"]


@pytest.mark.django_db
class TestEnterprises(EnterpriseCases):
    """Inside the test's transaction: the import's own is a savepoint of it."""


@pytest.mark.django_db(transaction=True)
class TestEnterprisesCommitted(EnterpriseCases):
    """The same, as a job runs them, outside any transaction: on PostgreSQL the import
    then writes each chunk as soon as it passes, on a connection of its own, and
    commits or rolls that back at the end (``pipeline._import_writing_as_checked``)."""

    def test_postgresql_writes_as_it_checks_and_sqlite_from_the_spool(self, world, monkeypatch):
        began = []
        original = bulk.WritingConnection.begin
        monkeypatch.setattr(
            bulk.WritingConnection,
            "begin",
            lambda self, **options: began.append(1) or original(self, **options),
        )
        result = run("enterprises", csv_bytes([HEADERS, *rows(5)]))
        assert (result.written, Enterprise.objects.filter(uscc__in=USCCS).count()) == (True, 5)
        assert began == ([1] if connection.vendor == "postgresql" else [])


class MemberCases:
    def numbers(self, count):
        return [
            # Not 1980-01-15 (the world's member_a, same sex): a random serial could repeat
            # hers and the row would update her instead of creating a member.
            f.id_number("350503", datetime.date(1990 + i, 3, 15), male=bool(i % 2))
            for i in range(count)
        ]

    def test_members_are_sealed_and_readable(self, world):
        numbers = self.numbers(3)
        data = [
            [n, f"党员{i}", "ORG-A", "正式", "13800000000" if i else "", "2010-07-01"]
            for i, n in enumerate(numbers)
        ]
        result = run("members", csv_bytes([MEMBER_HEADERS, *data]))
        assert (result.created, result.written) == (3, True)
        member = Member.objects.get(id_number_digest=pii.blind_index(numbers[1]))
        assert member.reveal_id_number() == numbers[1]
        assert member.reveal_phone() == "13800000000" and member.phone_masked == "138****0000"
        assert member.public_id.version == 4 and member.organization == world.org_a
        assert Member.objects.get(id_number_digest=pii.blind_index(numbers[0])).phone_cipher is None
        entry = LogEntry.objects.get_for_object(member).get(action=LogEntry.Action.CREATE)
        assert "id_number_digest" not in entry.changes and "phone_cipher" not in entry.changes

    def test_a_new_phone_is_encrypted_again(self, world):
        number = world.member_a_id_number
        data = [[number, "林晓红", "ORG-A", "正式", "13911112222", ""]]
        result = run("members", csv_bytes([MEMBER_HEADERS, *data]))
        assert result.updated == 1 and "phone_digest" in result.updates[0].changes
        world.member_a.refresh_from_db()
        assert world.member_a.reveal_phone() == "13911112222"


@pytest.mark.django_db
class TestMembers(MemberCases):
    pass


@pytest.mark.django_db(transaction=True)
class TestMembersCommitted(MemberCases):
    """As a job runs them: on PostgreSQL, written as checked on a connection of its own."""


@pytest.mark.django_db
def test_bulk_helpers_on_this_database(world):
    """allocate_ids, insert and update directly: COPY on PostgreSQL, executemany on SQLite."""
    ids = bulk.allocate_ids(Enterprise, 2)
    assert ids[1] == ids[0] + 1 and ids[0] > world.ent_b.pk
    assert bulk.query_batch_size() >= 999
    batches = list(bulk.in_batches(list(range(2500)), 1000))
    assert [len(b) for b in batches] == [1000, 1000, 500]
    found = list(bulk.fetch(Enterprise, ["pk", "uscc"], where="uscc", values=[world.ent_a.uscc]))
    assert found == [(world.ent_a.pk, world.ent_a.uscc)]
    bulk.update(Enterprise, ["employee_count"], [(world.ent_a.pk, 7)])
    world.ent_a.refresh_from_db()
    assert world.ent_a.employee_count == 7
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_rows_spread_over_several_insert_statements_land_once_each(world, monkeypatch):
    """SQLite inserts as many rows per statement as the bound-variable limit allows."""
    monkeypatch.setattr(bulk, "query_batch_size", lambda: 40)  # 1–2 rows per statement
    monkeypatch.setattr(kind_named("enterprises"), "chunk_rows", 5)
    result = run("enterprises", csv_bytes([HEADERS, *rows(5)]))
    assert (result.created, result.written) == (5, True)
    saved = Enterprise.objects.filter(uscc__in=USCCS).order_by("uscc")
    assert [e.uscc for e in saved] == sorted(USCCS)
    assert LogEntry.objects.get_for_objects(saved).count() == 5


@pytest.mark.django_db
def test_references_are_looked_up_once_per_import(world):
    """Chunks name the same regions: each code is asked of the database once per import,
    a missing one too (every row naming it still fails)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = rows(5)
    data[1][2] = data[4][2] = "NO-SUCH-GRID"  # in the first and the third chunk
    with CaptureQueriesContext(connection) as queries:
        result = run("enterprises", csv_bytes([HEADERS, *data]), dry_run=True)
    assert [(n, h) for n, h, _ in errors(result)] == [(3, "所属区域代码"), (6, "所属区域代码")]
    region_queries = [q for q in queries if 'FROM "regions_region"' in q["sql"]]
    assert len(region_queries) == 1  # both codes asked with the first chunk, then remembered


@pytest.mark.django_db(transaction=True)
class TestWritingConnection:
    """PostgreSQL jobs write through ``bulk.WritingConnection``: its foreign keys are
    checked statement by statement, its data-version bump still waits for the commit."""

    @pytest.fixture(autouse=True)
    def postgresql_only(self):
        if connection.vendor != "postgresql":
            pytest.skip("the writing connection is PostgreSQL's")

    def test_a_broken_reference_fails_at_its_statement_not_at_the_commit(self, world):
        writing = bulk.WritingConnection()
        try:
            writing.begin(written_models=[Enterprise, LogEntry])
            with writing.wrapper.cursor() as cursor, pytest.raises(IntegrityError):
                cursor.execute(
                    "UPDATE enterprises_enterprise SET region_id = %s WHERE id = %s",
                    [-1, world.ent_a.pk],
                )
        finally:
            writing.close()
        world.ent_a.refresh_from_db()
        assert world.ent_a.region_id == world.grid_a.pk

    def test_other_writers_are_not_held_up_while_an_import_writes(self, world):
        """The version row is bumped at the import's commit, not locked from its first row:
        a user saving a record meanwhile saves at once (here: within the lock timeout)."""
        writing = bulk.WritingConnection()
        try:
            writing.begin(written_models=[Enterprise, LogEntry])
            with writing.wrapper.cursor() as cursor:
                cursor.execute(
                    "UPDATE enterprises_enterprise SET employee_count = 3 WHERE id = %s",
                    [world.ent_a.pk],
                )
            with connection.cursor() as other:
                other.execute("SET lock_timeout = '2s'")
            world.ent_b.employee_count = 9
            world.ent_b.save()  # autocommit: its own version bump runs now
            with connection.cursor() as other:
                other.execute("RESET lock_timeout")
        finally:
            writing.close()
        before = world.ent_a.employee_count
        world.ent_a.refresh_from_db()
        world.ent_b.refresh_from_db()
        assert (world.ent_a.employee_count, world.ent_b.employee_count) == (before, 9)

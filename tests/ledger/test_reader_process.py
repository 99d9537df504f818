"""Big streamed files are read in a forked worker: the same result as reading inline.

``WORKER_MIN_BYTES = 0`` sends these small files through the worker; chunks of two
rows make a handful of rows cross several chunks.
"""

import multiprocessing
import os
import signal
import threading

import pytest
from auditlog.models import LogEntry

from liangxin.enterprises.models import Enterprise
from liangxin.ledger import parsing, reader_process
from liangxin.ledger.kinds import kind_named
from liangxin.ledger.reader import FileProblem
from liangxin.members.models import Member
from tests import factories as f
from tests.ledger.helpers import csv_bytes, errors, run, xlsx_bytes
from tests.ledger.test_streaming import HEADERS, USCCS, rows

pytestmark = [
    pytest.mark.skipif(not reader_process.can_fork(), reason="needs fork and 2 cores"),
    # pytest-xdist's worker runs a thread; the import's own processes have one.
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    for name in ("enterprises", "members"):
        monkeypatch.setattr(kind_named(name), "chunk_rows", 2)


@pytest.fixture(params=["the worker parses", "the main process parses"])
def in_worker(request, monkeypatch):
    monkeypatch.setattr(reader_process, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(reader_process, "FORK_WITH_THREADS", True)
    main_parses = request.param == "the main process parses"
    monkeypatch.setattr(reader_process, "_main_is_waiting", lambda hungry: main_parses)


def outcome(result):
    return (result.created, result.updated, result.unchanged, errors(result), result.written)


@pytest.mark.django_db
class TestSameAsInline:
    def test_a_mixed_file_gives_the_same_counts_errors_and_cells(self, world, monkeypatch):
        data = rows(5)
        data[1][3] = "营业中"  # a bad cell: failed while reading
        data[3][2] = "NO-SUCH-GRID"  # a bad reference: failed against the database
        data.append(list(data[0]))  # a repeated key, in a later chunk
        file = csv_bytes([HEADERS, *data])
        inline = run("enterprises", file, dry_run=True)
        monkeypatch.setattr(reader_process, "WORKER_MIN_BYTES", 0)
        monkeypatch.setattr(reader_process, "FORK_WITH_THREADS", True)
        worker = run("enterprises", file, dry_run=True)  # the worker decides who parses
        assert outcome(worker) == outcome(inline)
        assert [row.cells for row in worker.bad_rows] == [row.cells for row in inline.bad_rows]
        assert worker.bad_rows[1].cells[2] == "NO-SUCH-GRID"  # read again for the error file

    def test_workbooks_too(self, world, in_worker):
        data = rows(4)
        result = run("enterprises", xlsx_bytes([HEADERS, *data]), name="a.xlsx")
        assert (result.created, result.written) == (4, True)
        assert Enterprise.objects.filter(uscc__in=USCCS).count() == 4

    def test_a_repeated_key_comes_before_the_checks_of_prepare(self, world, monkeypatch):
        """Repeats are marked in the main process, after the worker's checks: the row's
        errors still read in the order a file read inline gives them."""
        headers = ["公民身份号码", "姓名", "所在党组织编码", "党员状态", "性别"]
        number = f.id_number(male=True)
        data = [[number, "甲", "ORG-A", "正式", "男"], [number, "乙", "ORG-A", "正式", "女"]]
        file = csv_bytes([headers, *data])
        expected = [(3, "公民身份号码", "与第 2 行重复"), (3, "性别", "性别与公民身份号码不符")]
        assert errors(run("members", file, dry_run=True)) == expected
        monkeypatch.setattr(reader_process, "WORKER_MIN_BYTES", 0)
        monkeypatch.setattr(reader_process, "FORK_WITH_THREADS", True)
        for main_parses in (False, True):
            monkeypatch.setattr(reader_process, "_main_is_waiting", lambda hungry, m=main_parses: m)
            assert errors(run("members", file, dry_run=True)) == expected

    def test_members_are_checked_and_sealed_in_the_worker(self, world, in_worker):
        headers = ["公民身份号码", "姓名", "所在党组织编码", "党员状态", "性别"]
        data = [[f.id_number(male=True), f"党员{i}", "ORG-A", "正式", "男"] for i in range(3)]
        data[2][4] = "女"
        result = run("members", csv_bytes([headers, *data]))
        assert errors(result) == [(4, "性别", "性别与公民身份号码不符")]
        assert not result.written and not Member.objects.filter(name__startswith="党员").exists()
        result = run("members", csv_bytes([headers, *data[:2]]))
        assert (result.created, result.written) == (2, True)
        member = Member.objects.get(name="党员1")
        assert member.reveal_id_number() == data[1][0] and member.gender == "M"


@pytest.mark.django_db
class TestAllOrNothing:
    def test_a_bad_row_after_many_good_ones_writes_nothing(self, world, in_worker):
        data = rows(5)
        data[4][4] = "很多"
        result = run("enterprises", csv_bytes([HEADERS, *data]))
        assert (result.written, result.created) == (False, 4)
        assert errors(result) == [(6, "职工人数", "应为整数")]
        assert result.bad_rows[0].cells[4] == "很多"
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()
        assert not LogEntry.objects.filter(additional_data__channel="import").exists()

    def test_a_file_problem_found_by_the_worker_reads_as_inline(self, world, in_worker):
        with pytest.raises(FileProblem, match="缺少必填列"):
            run("enterprises", csv_bytes([HEADERS[:2], ["x", "y"]]))


@pytest.fixture
def worker_parses(monkeypatch):
    monkeypatch.setattr(reader_process, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(reader_process, "FORK_WITH_THREADS", True)
    monkeypatch.setattr(reader_process, "_main_is_waiting", lambda hungry: False)


@pytest.mark.django_db
class TestWorkerFailure:
    def test_an_error_in_the_worker_is_a_chinese_sentence(self, world, worker_parses, monkeypatch):
        def broken(kind, rows):
            raise RuntimeError("boom")

        monkeypatch.setattr(type(kind_named("enterprises")), "prepare", broken)
        with pytest.raises(reader_process.ReaderFailed) as caught:
            run("enterprises", csv_bytes([HEADERS, *rows(3)]))
        assert "后台读取进程出错" in str(caught.value) and "boom" not in str(caught.value)
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()

    def test_a_worker_that_dies_is_a_chinese_sentence(self, world, worker_parses, monkeypatch):
        real = parsing.parse_block

        def dies_in_the_second_chunk(block, plan):
            if block[0][0] > 3 and os.getpid() != test_process:
                os._exit(7)
            return real(block, plan)

        test_process = os.getpid()

        monkeypatch.setattr(parsing, "parse_block", dies_in_the_second_chunk)
        with pytest.raises(reader_process.ReaderFailed, match="退出码 7"):
            run("enterprises", csv_bytes([HEADERS, *rows(5)]))
        assert not Enterprise.objects.filter(uscc__in=USCCS).exists()

    def test_the_worker_is_gone_when_the_main_process_stops_early(self, world):
        # A parent whose SIGTERM handler only takes note (as the task worker's does)
        # must not keep the worker it stops alive.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
        try:
            file = csv_bytes([HEADERS, *rows(5)])
            kind = kind_named("enterprises")
            with reader_process.source_for(kind, file, "a.csv", worker=True) as source:
                next(source.chunks)  # the worker is still reading the rest
                assert multiprocessing.active_children()
            assert not multiprocessing.active_children()
        finally:
            signal.signal(signal.SIGTERM, previous)


@pytest.mark.django_db
def test_a_process_running_other_threads_reads_inline(world, monkeypatch):
    """Forking beside other threads risks a child stuck on a lock one of them held."""
    monkeypatch.setattr(reader_process, "WORKER_MIN_BYTES", 0)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not reader_process.wants_worker(b"x" * 10)
    finally:
        stop.set()
        other.join()
    assert reader_process.wants_worker(b"x" * 10) == (threading.active_count() == 1)

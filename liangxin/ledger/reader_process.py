"""Reading a big streamed ledger in a second process, so an import uses both cores.

The worker (forked: it shares the file's bytes and the loaded code) opens the
table, parses every cell and runs the kind's checks that need no database
(``prepare``), and sends the rows a chunk at a time through a pipe; meanwhile
the main process marks repeated keys (they need the whole file in order), asks
the database, plans and spools the chunk before. The worker never touches the
database: its inherited connections are left alone and it leaves through
``os._exit``.

Which side parses is decided chunk by chunk: when the main process finds no
chunk waiting for it (as when a re-import finds nothing to write), it raises a
flag in shared memory, and the worker hands it the next chunk's cells as read
and goes on to the chunk after; while the main process is the slower one (new
rows to encrypt and spool), the worker parses every chunk. A chunk is parsed
by the same code on either side.

Parsed rows travel without their cells (the error file needs the cells of bad
rows only); ``fill_cells`` reads them again for the rows the main process
failed. A worker that dies or breaks ends the import with a ``ReaderFailed``
in Chinese, before anything was written.

The worker is also what keeps a hostile workbook from taking this process down
(``isolation``): it reads under a memory limit while this process runs
``xlsx_guard``'s checks on the same bytes, and a worker killed by calamine's
abort is a ``ReaderFailed`` like any other death.
"""

import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from liangxin.ledger import heartbeat, isolation, reader, xlsx_guard
from liangxin.ledger.framework import ParsedRow
from liangxin.ledger.masked import prepare_plain
from liangxin.ledger.parsing import (
    checked_chunks,
    chunked,
    map_headers,
    mark_duplicate_keys,
    parse_chunk,
    parse_plan,
)
from liangxin.ledger.reader import FileProblem, open_table

logger = logging.getLogger(__name__)

# Files at least this big are read in a worker process; below it a fork costs more
# than it saves. Tests set it to 0 to send small files through the worker.
WORKER_MIN_BYTES = 1_000_000

QUEUED_CHUNKS = 3  # chunks the worker may have read ahead of the main process
TABLE, END, PROBLEM, CRASH = "table", "end", "problem", "crash"
PARSED, CELLS = "parsed", "cells"  # a chunk's rows as parsed and prepared, or as read


class ReaderFailed(FileProblem):
    """The reading process broke or died: nothing was written; the message says so in Chinese."""


@dataclass
class Source:
    """What the main process works from: the table's headers and notes, then the chunks."""

    headers: list[str]
    notes: list[str]
    chunks: Iterator[list[ParsedRow]]
    cells_sent: bool  # False: good rows come without cells (see fill_cells)


# Forking a process that runs other threads may leave the child waiting for a lock one
# of them held (Python warns about it): such a process reads inline. The import's own
# processes (task worker, command, bench) have one thread. Tests under pytest-xdist
# (whose worker has threads) set this to exercise the worker anyway.
FORK_WITH_THREADS = False


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def wants_worker(data: bytes) -> bool:
    if len(data) < WORKER_MIN_BYTES or not can_fork():
        return False
    return heartbeat.fork_is_safe() or FORK_WITH_THREADS


@contextmanager
def source_for(kind, data: bytes, name: str, *, worker: bool) -> Iterator[Source]:
    """The checked chunks of ``data``, read here or (``worker``) in a forked process."""
    if not worker:
        table = open_table(data, name=name)
        mapping, notes = map_headers(kind, table.headers)
        yield Source(table.headers, table.notes + notes, checked_chunks(kind, table, mapping), True)
        return
    reader = _Worker(kind, data, name)
    try:
        yield reader.start()
    finally:
        reader.stop()


# --- the main process's side ---------------------------------------------------------


class _Worker:
    def __init__(self, kind, data: bytes, name: str):
        self.kind, self.data, self.name = kind, data, name
        self.process = self.receiver = None

    def start(self) -> Source:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.hungry = context.RawValue("b", 0)  # set here, read and cleared by the worker
        self.process = context.Process(
            target=_work,
            args=(self.kind, self.data, self.name, sender, self.hungry),
            daemon=True,
        )
        with heartbeat.paused(), warnings.catch_warnings():
            # Python warns of forking with threads; the only other thread is the job's
            # heartbeat, paused meanwhile (or tests forking under pytest-xdist).
            warnings.simplefilter("ignore", DeprecationWarning)
            self.process.start()
        sender.close()  # the worker's end: EOF here once the worker is gone
        if self.data.startswith(reader.ZIP_MAGIC):
            xlsx_guard.check(self.data)  # while the worker reads, within its limits
        tag, *body = self._receive()
        if tag != TABLE:
            raise ReaderFailed("后台读取进程未返回表头：本次导入未写入任何数据，请重试")
        headers, notes = body
        mapping, _ = map_headers(self.kind, headers)  # the worker checked them already
        return Source(headers, notes, self._chunks(parse_plan(mapping)), False)

    def _chunks(self, plan) -> Iterator[list[ParsedRow]]:
        first_seen: dict = {}
        while True:
            if not self.receiver.poll():  # nothing has come yet: this process would wait
                self.hungry.value = 1
            tag, *body = self._receive()
            if tag == END:
                return
            if tag == CELLS:  # the worker was ahead: this chunk is parsed here
                rows = parse_chunk(body[0], plan)
                mark_duplicate_keys(self.kind, rows, first_seen)
                prepare_plain(self.kind, rows)
            else:
                rows = [
                    ParsedRow(number, cells, values, errors or [])
                    for number, values, errors, cells, _ in body[0]
                ]
                parse_errors = [sent[4] for sent in body[0]]
                _mark_duplicates_before_prepared(self.kind, rows, parse_errors, first_seen)
            yield rows

    def _receive(self) -> tuple:
        try:
            message = pickle.loads(self.receiver.recv_bytes())
        except (EOFError, OSError):
            self.process.join(timeout=5)
            raise ReaderFailed(isolation.crash_message(self.process.exitcode)) from None
        if message[0] == PROBLEM:
            raise FileProblem(message[1])
        if message[0] == CRASH:
            logger.error("ledger reader process failed:\n%s", message[1])
            raise ReaderFailed(
                "后台读取进程出错：本次导入未写入任何数据，请联系管理员（详情见服务器日志）"
            )
        return message

    def stop(self) -> None:
        """Called on every way out: a worker still reading (the main process stopped early)
        is ended; its pipe is closed."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join(timeout=5)
        if self.receiver is not None:
            self.receiver.close()


# --- the worker's side ------------------------------------------------------------------


def _work(kind, data: bytes, name: str, sender, hungry) -> None:
    """The worker's whole life: every outcome is one last message, then ``os._exit``."""
    # The parent's handlers are not ours (the task worker's SIGTERM handler would only
    # mark its loop to stop): SIGTERM from the main process ends this one, and Ctrl-C
    # is the main process's to act on.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    code = 0
    reader.INSIDE_CHILD = True  # this process is the isolation: calamine runs here
    isolation.limit_resources()
    outbox = _Outbox(sender)
    try:
        try:
            for message in _messages(kind, data, name, hungry):
                outbox.put(message)
        except FileProblem as problem:
            outbox.put((PROBLEM, str(problem)))
        outbox.close()
    except _Hangup:
        code = 1  # the main process stopped listening: nothing left to tell it
    except BaseException:  # noqa: BLE001 (any failure is reported, then the worker ends)
        code = 1
        with suppress(BaseException):
            outbox.put((CRASH, traceback.format_exc()))
            outbox.close()
    finally:
        # Skip the inherited atexit handlers and finalizers (database connections
        # belong to the main process).
        os._exit(code)


def _messages(kind, data: bytes, name: str, hungry) -> Iterator[tuple]:
    table = open_table(data, name=name)
    mapping, notes = map_headers(kind, table.headers)
    yield TABLE, table.headers, table.notes + notes
    plan = parse_plan(mapping)
    for block in chunked(table.rows, kind.chunk_rows):
        if _main_is_waiting(hungry):  # it parses this one; this process reads on
            hungry.value = 0
            yield CELLS, block
            continue
        rows = parse_chunk(block, plan)
        parse_errors = [len(row.errors) for row in rows]
        prepare_plain(kind, rows)
        yield PARSED, [_travelling(row, n) for row, n in zip(rows, parse_errors, strict=True)]
    yield (END,)


def _main_is_waiting(hungry) -> bool:
    return bool(hungry.value)


class _Hangup(Exception):
    """The main process closed its end of the pipe."""


class _Outbox:
    """The worker's sending side: a thread pickles and sends while the worker reads on,
    up to QUEUED_CHUNKS chunks ahead of the main process (which takes a chunk only
    when it is done with the one before)."""

    def __init__(self, sender):
        self.sender, self.hung_up = sender, False
        self.queue: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, message: tuple) -> None:
        if self.hung_up:
            raise _Hangup
        self.queue.put(message)

    def close(self) -> None:
        """After the last message: wait until it has been sent."""
        self.queue.put(None)
        self.thread.join()
        self.sender.close()
        if self.hung_up:
            raise _Hangup

    def _run(self) -> None:
        while (message := self.queue.get()) is not None:
            if self.hung_up:
                continue
            try:
                self.sender.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
            except OSError:
                self.hung_up = True


def _travelling(row: ParsedRow, parse_errors: int) -> tuple:
    """A row as sent: cells only with errors (good rows are the vast majority), and how
    many of the errors parsing found (the rest came from ``prepare``)."""
    if row.errors:
        return row.number, row.values, row.errors, row.cells, parse_errors
    return row.number, row.values, None, None, 0


def _mark_duplicates_before_prepared(kind, rows, parse_errors: list[int], first_seen) -> None:
    """Repeated keys, a repeat's error where a file read inline has it: after the errors
    of parsing, before those of ``prepare`` (set aside meanwhile)."""
    set_aside = {}
    for row, count in zip(rows, parse_errors, strict=True):
        if len(row.errors) > count:
            set_aside[row.number] = row.errors[count:]
            del row.errors[count:]
    mark_duplicate_keys(kind, rows, first_seen)
    for row in rows:
        if row.number in set_aside:
            row.errors += set_aside[row.number]


# --- cells of bad rows, read again ------------------------------------------------------


def fill_cells(rows: list[ParsedRow], data: bytes, name: str) -> None:
    """Give the rows that arrived without cells (failed in the main process) their cells,
    read again from the file: the error file shows the user's own cells."""
    missing = {row.number: row for row in rows if row.cells is None}
    if not missing:
        return
    last = max(missing)
    for number, cells in open_table(data, name=name).rows:
        row = missing.get(number)
        if row is not None:
            row.cells = list(cells)
        if number >= last:
            return

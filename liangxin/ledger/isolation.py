"""Reading an uploaded workbook in a child process, so that a crash in the reader is the
file's problem, not the server's.

python-calamine is native code: a hostile workbook can make it abort (a failed
allocation aborts a Rust program), and Python cannot catch that. So every .xlsx
the ledger opens is read by a child process with a memory limit (RLIMIT_AS),
while this process runs ``xlsx_guard``'s checks on the same bytes; the child
sends the table back a chunk of rows at a time. A child that dies, however it
dies (SIGABRT, SIGSEGV, the kernel's OOM killer, the memory limit), ends in a
``FileProblem`` in Chinese: the import stops before writing anything and the
job ends ``failed`` with that sentence.

The big-file reading process (``reader_process``) is such a child already: it
reads inline (``reader.INSIDE_CHILD``) under the same limits.
"""

import logging
import multiprocessing
import os
import pickle
import resource
import signal
import traceback
import warnings
from collections.abc import Iterator
from contextlib import suppress

from liangxin.ledger import heartbeat, xlsx_guard
from liangxin.ledger.reader import FileProblem, Table

logger = logging.getLogger(__name__)

ROWS_PER_MESSAGE = 2000
# Address space the reading child may add to what it inherited (calamine holds the whole
# sheet, 32 bytes a cell plus the text: a 1,000,000-row, 30-column sheet needs about 1.5 GB).
MEMORY_BYTES = int(os.environ.get("LEDGER_READER_MEMORY_MB", "3072")) << 20
CPU_SECONDS = int(os.environ.get("LEDGER_READER_CPU_SECONDS", "600"))
CRASHED = (
    "读取文件时解析程序异常退出（{how}）：文件可能已损坏、被篡改或超出可读取的范围，"
    "没有写入任何数据；请在 Excel 中打开并另存为 .xlsx 后重试"
)
TABLE, ROWS, END, PROBLEM, CRASH = "table", "rows", "end", "problem", "crash"


def read_table(data: bytes) -> Table:
    """The workbook's table, read by a child process; its rows arrive as they are read."""
    child = _Child(data)
    try:
        child.start()
        xlsx_guard.check(data)  # meanwhile the child reads, bounded by its limits
        tag, headers, notes = child.receive()
    except BaseException:
        child.stop()
        raise
    return Table(headers=headers, rows=child.rows(), notes=notes)


def crash_message(exitcode: int | None) -> str:
    """The user's sentence for a reading child that ended without its last word."""
    if exitcode is not None and exitcode < 0:
        try:
            how = f"信号 {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"信号 {-exitcode}"
    else:
        how = f"退出码 {exitcode}"
    return CRASHED.format(how=how)


def limit_resources(memory_bytes: int = MEMORY_BYTES, cpu_seconds: int | None = None) -> None:
    """In a reading child: cap the address space at what it has now plus ``memory_bytes``
    (the forked parent's mappings count too), and optionally its CPU time."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    ceiling = pages * resource.getpagesize() + memory_bytes
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    if cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, resource.RLIM_INFINITY))


def start_method() -> str:
    """fork where it is safe (this process runs no other thread but the heartbeat, which
    is paused while forking), else forkserver: a clean single-threaded parent."""
    if heartbeat.fork_is_safe():
        return "fork"
    return "forkserver"


class _Child:
    def __init__(self, data: bytes):
        self.data = data
        self.process = self.receiver = None

    def start(self) -> None:
        context = multiprocessing.get_context(start_method())
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_read_in_child, args=(self.data, sender, MEMORY_BYTES), daemon=True
        )
        with heartbeat.paused(), warnings.catch_warnings():
            # Python warns of forking with threads; the only other thread is the job's
            # heartbeat, paused meanwhile (or tests forking under pytest-xdist).
            warnings.simplefilter("ignore", DeprecationWarning)
            self.process.start()
        sender.close()

    def receive(self) -> tuple:
        try:
            message = pickle.loads(self.receiver.recv_bytes())
        except (EOFError, OSError):
            self.process.join(timeout=5)
            raise FileProblem(crash_message(self.process.exitcode)) from None
        if message[0] == PROBLEM:
            raise FileProblem(message[1])
        if message[0] == CRASH:
            logger.error("ledger reading child failed:\n%s", message[1])
            raise FileProblem(crash_message(1))
        return message

    def rows(self) -> Iterator[tuple[int, list]]:
        try:
            while True:
                message = self.receive()
                if message[0] == END:
                    return
                yield from message[1]
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join(timeout=5)
            self.process = None
        if self.receiver is not None:
            self.receiver.close()
            self.receiver = None


def _read_in_child(data: bytes, sender, memory_bytes: int) -> None:
    """The child's whole life: every outcome is one last message, then ``os._exit``."""
    from liangxin.ledger import reader

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    code = 0
    try:
        reader.INSIDE_CHILD = True
        limit_resources(memory_bytes, CPU_SECONDS)
        _send(sender, _messages(reader, data))
    except BrokenPipeError:
        code = 1  # the parent stopped listening (it found a problem first)
    except BaseException:  # noqa: BLE001 (any failure is reported, then the child ends)
        code = 1
        with suppress(BaseException):  # nobody may be left to tell
            sender.send_bytes(pickle.dumps((CRASH, traceback.format_exc())))
    finally:
        os._exit(code)


def _messages(reader, data: bytes) -> Iterator[tuple]:
    try:
        table = reader.open_table(data)
        yield TABLE, table.headers, table.notes
        block = []
        for row in table.rows:
            block.append(row)
            if len(block) >= ROWS_PER_MESSAGE:
                yield ROWS, block
                block = []
        if block:
            yield ROWS, block
    except FileProblem as problem:
        yield PROBLEM, str(problem)
        return
    except MemoryError:
        yield PROBLEM, crash_message(None).replace("（退出码 None）", "（内存不足）")
        return
    yield (END,)


def _send(sender, messages) -> None:
    for message in messages:
        sender.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
    sender.close()


# The forkserver preloads this module (and with it calamine), not the caller's __main__.
if "forkserver" in multiprocessing.get_all_start_methods():
    multiprocessing.get_context("forkserver").set_forkserver_preload(["liangxin.ledger.isolation"])

"""A running job's lease: it beats while it works, and a job whose beat stopped is gone.

A job row says ``running`` from the claim to the end; when the process running
it dies (killed, restarted, power lost) nothing would ever end it. So the job
renews a lease: ``heartbeat_at`` on its row (with ``worker``, host and pid), renewed
by every progress write and by a small thread every few seconds, so a long phase
without progress (calamine's load, PostgreSQL's commit) still beats. SQLite has
one writer and the import's transaction holds it for the whole write phase, so
there the thread touches a file beside the job's progress file instead
(``storage.live_root``; web, worker and scheduler of one SQLite install share the
disk). ``services.jobs_interrupt_stale`` ends the jobs whose lease expired
(LEDGER_JOB_LEASE_SECONDS) as ``interrupted``.

The thread and forking: the import forks its reading process. A fork while the
thread is in the middle of a beat could leave the child a lock it holds, so a
beat runs under ``FORK_LOCK`` and every fork here takes it (``paused``); the
thread sleeping on its event holds nothing the child needs.
"""

import os
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

FORK_LOCK = threading.Lock()
_threads: set[threading.Thread] = set()
# Set by tests whose process runs other threads (pytest-xdist) to fork anyway.
FORK_WITH_THREADS = False


def worker_identity() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def fork_is_safe() -> bool:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    others = threading.active_count() - sum(1 for t in _threads if t.is_alive())
    return others == 1 or FORK_WITH_THREADS


@contextmanager
def paused():
    """No beat runs while the block forks."""
    with FORK_LOCK:
        yield


def beat_path(model, pk: int) -> Path:
    from liangxin.ledger import storage

    return storage.live_root() / f"{model._meta.model_name}-{pk}.beat"


def file_beat(model, pk: int) -> float | None:
    """When the job last touched its beat file (epoch seconds), or None."""
    try:
        return beat_path(model, pk).stat().st_mtime
    except OSError:
        return None


def interval_seconds() -> float:
    from django.conf import settings

    return max(1.0, settings.LEDGER_JOB_LEASE_SECONDS / 4)


class Heartbeat:
    """``with Heartbeat(job):`` renews the job's lease every ``interval`` seconds."""

    def __init__(self, job, *, interval: float | None = None):
        self.model, self.pk = type(job), job.pk
        self.interval = interval_seconds() if interval is None else interval
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="ledger-heartbeat", daemon=True)

    def __enter__(self):
        self.beat()
        _threads.add(self.thread)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=30)
        _threads.discard(self.thread)
        beat_path(self.model, self.pk).unlink(missing_ok=True)

    def _run(self) -> None:
        from django.db import connections

        try:
            while not self.stopping.wait(self.interval):
                with FORK_LOCK:
                    self.beat()
        finally:
            connections.close_all()  # this thread's own connections only

    def beat(self) -> None:
        from django.db import DatabaseError, connection
        from django.utils import timezone

        path = beat_path(self.model, self.pk)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        except OSError:
            pass
        if connection.vendor == "sqlite":
            return  # the import may hold SQLite's one write lock: the file is the beat
        try:
            self.model.objects.filter(pk=self.pk).update(
                heartbeat_at=timezone.now(), worker=worker_identity()
            )
        except DatabaseError:  # a dropped connection: the next beat opens another
            connection.close()

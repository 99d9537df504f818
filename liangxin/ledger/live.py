"""SQLite's write phase: a running job's progress and its cancel through two small files.

SQLite has one writer. While an import writes, its job row is updated inside the
import's transaction, which nobody else sees until the commit, and a cancel from
the web cannot be written at all: the database is locked. So for that phase the
job also reports to a file, and a cancel asked meanwhile is a file too: the
progress page reads the first (``overlay``), the import looks for the second.
They live beside the ledger files (``storage.live_root``: the web and the worker of
one SQLite install share that disk) and hold no personal data, a stage and counts.
PostgreSQL needs none of this (``services.SideConnection``).
"""

import json
import os
from pathlib import Path

from django.db import connection
from django.utils.dateparse import parse_datetime

from liangxin.ledger import storage

SHOWN_FIELDS = ("stage", "rows_done", "rows_total", "rate", "progress_at")


def behind_the_write_lock() -> bool:
    """Whether this connection writes in a transaction that holds SQLite's one write lock."""
    return connection.vendor == "sqlite" and connection.in_atomic_block


def _path(model, pk: int, suffix: str) -> Path:
    return storage.live_root() / f"{model._meta.model_name}-{pk}.{suffix}"


def report(model, pk: int, fields: dict) -> None:
    """The job's latest progress, replaced whole (a reader never sees half a file)."""
    path = _path(model, pk, "json")
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = {name: fields[name] for name in SHOWN_FIELDS if name in fields}
    if "progress_at" in shown:
        shown["progress_at"] = shown["progress_at"].isoformat()
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(shown), encoding="utf-8")
    os.replace(partial, path)


def writing(job) -> bool:
    """Whether ``job`` is in a write phase that reports here (and so cannot be cancelled
    through its row)."""
    return not job.is_finished and _path(type(job), job.pk, "json").exists()


def overlay(job) -> None:
    """``job`` as the page shows it: a running job's latest progress from its file."""
    if job.is_finished:
        return
    try:
        shown = json.loads(_path(type(job), job.pk, "json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        shown = None
    if shown:
        if "progress_at" in shown:
            shown["progress_at"] = parse_datetime(shown["progress_at"])
        for name, value in shown.items():
            if name in SHOWN_FIELDS:
                setattr(job, name, value)
    if cancel_asked(type(job), job.pk):
        job.cancel_requested = True


def ask_cancel(job) -> None:
    path = _path(type(job), job.pk, "cancel")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    job.cancel_requested = True


def cancel_asked(model, pk: int) -> bool:
    return _path(model, pk, "cancel").exists()


def clear(model, pk: int) -> None:
    """When the job has ended: its files go."""
    for suffix in ("json", "cancel", "part"):
        _path(model, pk, suffix).unlink(missing_ok=True)

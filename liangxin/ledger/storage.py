"""Ledger files at rest: uploads, error reports and exports, SM4-encrypted under MEDIA_ROOT/ledger/.

Never in the database: an uploaded member ledger is a list of plaintext ID
numbers. The job rows keep only the relative path. A file lives until its job
is deleted or LEDGER_FILE_RETENTION_DAYS pass (``manage.py purge_ledger_files``).
"""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from liangxin.core import pii

FOLDER = "ledger"


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def live_root() -> Path:
    """Running jobs' progress and cancel files (``ledger.live``): no personal data, not
    encrypted, normally removed when the job ends."""
    return _root() / "live"


def _absolute(name: str) -> Path:
    path = (Path(settings.MEDIA_ROOT) / name).resolve()
    if _root().resolve() not in path.parents:
        raise ValueError("文件路径不在台账目录内")
    return path


def save(data: bytes, *, suffix: str) -> str:
    """Encrypt and store ``data``; returns the path relative to MEDIA_ROOT."""
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{FOLDER}/{uuid.uuid4().hex}.{suffix}.enc"
    _absolute(name).write_bytes(pii.encrypt_bytes(data))
    return name


def read(name: str) -> bytes:
    """The plaintext bytes; FileNotFoundError when the file has been purged."""
    if not name:
        raise FileNotFoundError("没有保存的文件")
    return pii.decrypt_bytes(_absolute(name).read_bytes())


def exists(name: str) -> bool:
    return bool(name) and _absolute(name).is_file()


def release(name: str) -> None:
    """Delete the file unless another job still points at it (a confirmed preview shares it)."""
    if not name:
        return
    from liangxin.ledger.models import ExportJob, ImportJob

    still_used = (
        ImportJob.objects.filter(stored_file=name).exists()
        or ImportJob.objects.filter(error_file=name).exists()
        or ExportJob.objects.filter(stored_file=name).exists()
    )
    if not still_used:
        _absolute(name).unlink(missing_ok=True)


def purge(*, days: int | None = None) -> int:
    """Remove stored files older than the retention period; returns how many were removed."""
    from liangxin.ledger.models import ExportJob, ImportJob

    days = settings.LEDGER_FILE_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    for model, fields in (
        (ImportJob, ("stored_file", "error_file")),
        (ExportJob, ("stored_file",)),
    ):
        for name in fields:
            model.objects.filter(started_at__lt=cutoff).exclude(**{name: ""}).update(**{name: ""})
    return _remove_files_older_than(cutoff)


def _remove_files_older_than(cutoff: datetime.datetime) -> int:
    """By the file's own age, so files of deleted or cleared jobs go too."""
    root = _root()
    if not root.is_dir():
        return 0
    removed = 0
    # A running job's files left behind by a crash go with the old files.
    for path in [*root.glob("*.enc"), *live_root().glob("*")]:
        modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        if modified < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed

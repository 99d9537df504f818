"""Change history for imported records: one auditlog entry per created or updated record.

Bulk inserts send no signals, so django-auditlog would see nothing; the import
writes the entries itself, in bulk, with the job in ``additional_data`` so the
history of every record says which import changed it.
"""

import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liangxin.core.audit import CHANNEL_IMPORT, link_entries, record_event, write_entries
from liangxin.ledger.framework import ImportContext, ParsedRow


def shown(value) -> str | None:
    return None if value is None else str(value)


def _entry(content_type, instance, action, changes, ctx: ImportContext) -> LogEntry:
    return LogEntry(
        content_type=content_type,
        object_pk=str(instance.pk),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        action=action,
        changes={field: [shown(old), shown(new)] for field, (old, new) in changes.items()},
        actor=ctx.user,
        additional_data={"channel": CHANNEL_IMPORT, "job": ctx.job_id, "file": ctx.file_name},
    )


def record_history(kind, created: list[ParsedRow], instances, updated: list[ParsedRow], ctx):
    content_type = ContentType.objects.get_for_model(kind.model)
    entries = [
        _entry(content_type, instance, LogEntry.Action.CREATE, kind.creation_changes(row), ctx)
        for row, instance in zip(created, instances, strict=True)
    ]
    entries += [
        _entry(content_type, row.existing, LogEntry.Action.UPDATE, kind.shown_changes(row), ctx)
        for row in updated
    ]
    write_entries(entries)
    record_import(kind.model, ctx, created=len(created), updated=len(updated))


def record_import(model, ctx, *, created: int, updated: int) -> None:
    """The one line the audit page shows for an import (its per-record history is
    reached from it): who, which file, how many records created and updated."""
    label = model._meta.verbose_name
    record_event(
        ctx.user,
        action="import",
        summary=f"导入{label}台账 {ctx.file_name or ''}：新增 {created} 条，修改 {updated} 条",
        details={
            "channel": CHANNEL_IMPORT,
            "job": ctx.job_id,
            "file": ctx.file_name,
            "model": model._meta.label_lower,
            "created": created,
            "updated": updated,
        },
    )


# --- the streaming path: entries as plain rows, written with COPY / executemany ---------

LOG_COLUMNS = [
    "id",  # allocated here, so the rows can be linked onto the audit chain at the end
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "action",
    "changes_text",
    "changes",
    "actor_id",
    "timestamp",
    "additional_data",
]


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per row
_string = json.encoder.encode_basestring  # what that encoder writes for a str (C version)
CREATION_CACHE_LIMIT = 20_000  # remembered fragments per field


class CreationChanges:
    """``changes_json({name: (None, value) …}, new=True)`` for new rows, without the dicts.

    A big import writes one creation entry per row and most values repeat (labels,
    Y/N, region ids), so each field's ``"name": [null, "value"]`` fragment is built
    once per distinct value and the entry is those fragments joined the way
    JSONEncoder joins them (", " and ": "). tests/ledger/test_history_json.py checks
    the text against ``changes_json`` for every kind of value.
    """

    def __init__(self, fields):
        self.fields = tuple((name, f"{_string(name)}: [null, ", {}) for name in fields)

    def json(self, values: dict) -> str:
        parts = []
        for name, prefix, cache in self.fields:
            if name not in values:
                continue
            value = values[name]
            # 1 == True == 1.0 as dict keys: only a str is its own key.
            key = value if value.__class__ is str else (value.__class__, value)
            part = cache.get(key)
            if part is None:
                shown = "null" if value is None else _string(str(value))
                part = f"{prefix}{shown}]"
                if len(cache) < CREATION_CACHE_LIMIT:
                    cache[key] = part
            parts.append(part)
        return "{" + ", ".join(parts) + "}"


def changes_json(changes: dict, *, new: bool = False) -> str:
    """The ``changes`` of a LogEntry, serialised once when the row is planned."""
    if new:  # (None, value) pairs
        shown_changes = {f: [None, None if v is None else str(v)] for f, (_, v) in changes.items()}
    else:
        shown_changes = {f: [shown(old), shown(value)] for f, (old, value) in changes.items()}
    return _encode(shown_changes)


class LogWriter:
    """LogEntry rows for one import: the constant columns computed once."""

    def __init__(self, model, ctx: ImportContext, now):
        from liangxin.ledger import bulk

        self.model, self.ctx = model, ctx
        self.ids: list[int] = []  # every entry written, in order: linked by ``seal``
        self.created = self.updated = 0
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.actor_id = getattr(ctx.user, "pk", None)
        # Every column of a row is then what the driver takes (the JSON columns are
        # text already): the insert adapts nothing per row.
        self.now = bulk.adapter(LogEntry._meta.get_field("timestamp"))(now)
        extra = {"channel": CHANNEL_IMPORT, "job": ctx.job_id, "file": ctx.file_name}
        self.additional = _encode(extra)

    def row(self, pk: int, text: str, action: int, changes: str) -> tuple:
        return (
            self.content_type_id,
            str(pk),
            pk,
            text[:200],
            action,
            "",
            changes,
            self.actor_id,
            self.now,
            self.additional,
        )

    def write(self, rows: list[tuple]) -> None:
        from liangxin.ledger import bulk

        if not rows:
            return
        ids = bulk.allocate_ids(LogEntry, len(rows))
        self.ids.extend(ids)
        created = sum(1 for row in rows if row[4] == LogEntry.Action.CREATE)
        self.created += created
        self.updated += len(rows) - created
        rows = [(entry_id, *row) for entry_id, row in zip(ids, rows, strict=True)]
        bulk.insert(LogEntry, LOG_COLUMNS, rows, ready=LOG_COLUMNS)

    def seal(self) -> None:
        """At the end of the import, in its transaction: link every entry onto the audit
        chain (in the order written) and add the import's one summary line. Linking
        last keeps the chain's lock for the commit only, not the whole import."""
        link_entries(self.ids)
        record_import(self.model, self.ctx, created=self.created, updated=self.updated)

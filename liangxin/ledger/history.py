"""Change history for imported records: one auditlog entry per created or updated record.

Bulk inserts send no signals, so django-auditlog would see nothing; the import
writes the entries itself, in bulk, with the job in ``additional_data`` so the
history of every record says which import changed it.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from liangxin.core.audit import CHANNEL_IMPORT
from liangxin.ledger.framework import ImportContext, ParsedRow, chunks


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
    for batch in chunks(entries):
        LogEntry.objects.bulk_create(batch)

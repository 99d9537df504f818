"""The base of a ledger kind; each kind lives in its own module under ledger/kinds_*.

Two ways to write. Tree kinds and small ledgers keep every row in memory and
write model instances (``write``). Flat kinds with ``streaming = True``
(enterprises, members) are checked chunk by chunk; each chunk's planned
writes are packed into plain tuples (``pack``), spooled to disk, and written
after the whole file has passed (``write_packed``) with COPY on PostgreSQL or
executemany on SQLite — the same rows, the same history, far less per row.
"""

from collections import defaultdict, namedtuple
from functools import cached_property

from auditlog.models import LogEntry
from django.db import models
from django.utils import timezone

from liangxin.ledger import bulk
from liangxin.ledger.framework import Column, ImportContext, ParsedRow, chunks
from liangxin.ledger.history import LogWriter, changes_json


class LedgerKind:
    name = ""
    label = ""
    model: type[models.Model] = None
    columns: tuple[Column, ...] = ()
    key_header = ""
    personal = False  # holds ID numbers and phones: exports mask them unless revealed
    # Fields compared and written for an update; a row's other values are derived.
    stored_fields: tuple[str, ...] = ()
    # Checked in chunks and written from a spool (flat kinds only: no in-file references).
    streaming = False
    chunk_rows = 5000

    @property
    def key_column(self) -> Column:
        return self.column(self.key_header)

    def column(self, header: str) -> Column:
        return next(c for c in self.columns if c.header == header)

    def key_of(self, row: ParsedRow) -> str | None:
        return row.values.get(self.key_column.field)

    # Values for optional columns that are present but left empty. A column that is
    # absent from the file leaves the stored value alone on update.
    defaults: dict = {}

    # --- the steps the pipeline calls, in order -------------------------------

    def fill_defaults(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            for name, value in self.defaults.items():
                if name in row.values and row.values[name] is None:
                    row.values[name] = value

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """Look up references and existing records in bulk; mark rows out of scope."""
        raise NotImplementedError

    def assign(self, instance, row: ParsedRow) -> None:
        for name in self.stored_fields:
            if name in row.values:
                setattr(instance, name, row.values[name])

    def diff(self, row: ParsedRow) -> dict:
        """Fields whose stored value the row would change: {field: (old, new)}."""
        changes = {}
        for name in self.stored_fields:
            if name not in row.values:
                continue
            old, new = getattr(row.existing, name), row.values[name]
            if old != new:
                changes[name] = (old, new)
        return changes

    def write(self, created: list[ParsedRow], updated: list[ParsedRow], ctx) -> list:
        """Insert and update in bulk; return the saved instances, created first."""
        new = [self.build(row) for row in created]
        self.before_insert(created, new)
        for batch in chunks(new):
            self.model.objects.bulk_create(batch)
        stored = set(self.stored_fields)
        changed_fields = sorted({n for row in updated for n in row.changes if n in stored})
        now = timezone.now()
        for row in updated:
            self.assign(row.existing, row)
            if hasattr(row.existing, "updated_at"):
                row.existing.updated_at = now
        if changed_fields and hasattr(self.model, "updated_at"):
            changed_fields.append("updated_at")
        if changed_fields:
            for batch in chunks([row.existing for row in updated]):
                self.model.objects.bulk_update(batch, changed_fields)
        self.after_write(created, new, updated)
        return new

    def before_insert(self, created: list[ParsedRow], instances: list) -> None:
        """Hook: fill what only the whole batch can decide (tree paths)."""

    def after_write(self, created: list[ParsedRow], instances: list, updated: list) -> None:
        """Hook: many-to-many links, counters."""

    def build(self, row: ParsedRow):
        instance = self.model()
        self.assign(instance, row)
        return instance

    # --- existing records ---------------------------------------------------------------

    @cached_property
    def compared_fields(self) -> tuple[str, ...]:
        """Stored fields read back for the diff (ciphertext is rewritten, never compared)."""
        return tuple(name for name in self.stored_fields if not name.endswith("_cipher"))

    @cached_property
    def existing_type(self):
        return namedtuple(f"{type(self).__name__}Record", ["pk", *self.compared_fields])

    def load_existing(self, field: str, keys: list) -> dict:
        """{key: record} — light named tuples when streaming, model instances otherwise."""
        if not self.streaming:
            return self.model.objects.in_bulk(keys, field_name=field)
        make, found = self.existing_type._make, {}
        columns = ["pk", *self.compared_fields]
        key_index = columns.index(field)
        for values in bulk.fetch(self.model, columns, where=field, values=sorted(set(keys))):
            found[values[key_index]] = make(values)
        return found

    def visible_pks(self, ctx: ImportContext, pks: list) -> set | None:
        """The pks among ``pks`` the user may write; None means all (the command line)."""
        if ctx.user is None:
            return None
        visible = set()
        for batch in bulk.in_batches(pks):
            queryset = ctx.scoped(self.model.objects.filter(pk__in=batch))
            visible.update(queryset.values_list("pk", flat=True))
        return visible

    def match_records(self, rows, ctx, *, field: str, value_key: str, column, reason: str):
        """Set row.existing for keys on record; out of scope, the row fails with ``reason``."""
        existing = self.load_existing(field, [r.values[value_key] for r in rows if r.ok])
        visible = self.visible_pks(ctx, [record.pk for record in existing.values()])
        for row in rows:
            record = existing.get(row.values.get(value_key))
            if record is None:
                continue
            if visible is not None and record.pk not in visible:
                row.fail(column, row.values.get(column.field), reason)
            row.existing = record

    # --- the streaming write -------------------------------------------------------------

    def repr_of(self, row: ParsedRow) -> str:
        name = row.values.get("name")
        return str(name if name is not None else getattr(row.existing, "name", ""))

    def computed_values(self, row: ParsedRow, *, new: bool) -> dict:
        """Hook: columns only the write computes (ciphertext), for a new or an updated row."""
        return {}

    @cached_property
    def insert_plan(self) -> tuple[list[str], list, list[str]]:
        """(spooled columns, (column, default) computed at write time, auto-now columns)."""
        spooled, defaults, now = [], [], []
        for field in self.model._meta.concrete_fields:
            if field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                now.append(field.attname)
            elif field.attname in self.stored_fields or field.attname in self.computed_columns:
                spooled.append(field.attname)
            else:
                defaults.append((field.attname, field.get_default))
        return spooled, defaults, now

    computed_columns: frozenset = frozenset()

    def pack(self, created: list[ParsedRow], updated: list[ParsedRow]) -> tuple[list, list]:
        """The chunk's writes as plain tuples (picklable, no model instances)."""
        spooled = self.insert_plan[0]
        inserts = []
        for row in created:
            values = {**row.values, **self.computed_values(row, new=True)}
            missing = self.field_defaults
            record = tuple(values[n] if n in values else missing[n]() for n in spooled)
            history = changes_json(self.creation_changes(row), new=True)
            inserts.append((record, self.repr_of(row), history))
        updates = []
        for row in updated:
            changed = {n: row.values[n] for n in self.stored_fields if n in row.changes}
            changed.update(self.computed_values(row, new=False))
            names = tuple(sorted(changed))
            record = tuple(changed[n] for n in names)
            history = changes_json(self.shown_changes(row))
            updates.append((names, row.existing.pk, record, self.repr_of(row), history))
        return inserts, updates

    @cached_property
    def field_defaults(self) -> dict:
        return {f.attname: f.get_default for f in self.model._meta.concrete_fields}

    def write_packed(self, spool, ctx: ImportContext, report) -> int:
        """Write every spooled chunk; return the number of records written."""
        now = timezone.now()
        log = LogWriter(self.model, ctx, now)
        done = 0
        for inserts, updates in spool:
            entries = self.insert_packed(inserts, log, now)
            entries += self.update_packed(updates, log, now)
            log.write(entries)
            done += len(inserts) + len(updates)
            report(done)
        return done

    def insert_packed(self, inserts: list, log: LogWriter, now) -> list:
        spooled, defaults, auto_now = self.insert_plan
        columns = ["id", *spooled, *(name for name, _ in defaults), *auto_now]
        ids = bulk.allocate_ids(self.model, len(inserts))
        stamps = (now,) * len(auto_now)
        rows = [
            (pk, *record, *(make() for _, make in defaults), *stamps)
            for pk, (record, _, _) in zip(ids, inserts, strict=True)
        ]
        bulk.insert(self.model, columns, rows)
        create = LogEntry.Action.CREATE
        return [
            log.row(pk, text, create, history)
            for pk, (_, text, history) in zip(ids, inserts, strict=True)
        ]

    def update_packed(self, updates: list, log: LogWriter, now) -> list:
        stamp = ["updated_at"] if "updated_at" in self.field_defaults else []
        groups = defaultdict(list)
        for names, pk, record, _, _ in updates:
            groups[names].append((pk, *record, *([now] if stamp else [])))
        for names, rows in groups.items():
            bulk.update(self.model, [*names, *stamp], rows)
        change = LogEntry.Action.UPDATE
        return [log.row(pk, text, change, history) for _, pk, _, text, history in updates]

    # --- change history -------------------------------------------------------

    # Stored fields the history leaves out (ciphertext, blind index: the masked form shows).
    history_excluded: frozenset = frozenset()

    def creation_changes(self, row: ParsedRow) -> dict:
        return {
            name: (None, row.values[name])
            for name in self.stored_fields
            if name in row.values and name not in self.history_excluded
        }

    def shown_changes(self, row: ParsedRow) -> dict:
        return {k: v for k, v in row.changes.items() if k not in self.history_excluded}

    # --- export ---------------------------------------------------------------

    def export_queryset(self, ctx: ImportContext, region=None):
        raise NotImplementedError

    def export_row(self, instance) -> list:
        raise NotImplementedError

"""The base of a ledger kind; each app defines its own kinds in ``liangxin/<app>/ledger.py``.

Two ways to write. Tree kinds and small ledgers keep every row in memory and
write model instances (``write``). Flat kinds with ``streaming = True``
(enterprises, members) are checked chunk by chunk; each chunk's planned
writes are packed into plain tuples (``pack``), spooled to disk, and written
after the whole file has passed (``write_packed``) with COPY on PostgreSQL or
multi-row INSERTs on SQLite — the same rows, the same history, far less per row.
On PostgreSQL a job (no caller's transaction) skips the spool: each chunk is
written as it passes, on a connection of its own (``pipeline``, ``PackedWriter``).
"""

import dataclasses
import datetime
import uuid
from collections import defaultdict, namedtuple
from functools import cached_property, partial
from itertools import islice, repeat
from operator import attrgetter, itemgetter

from auditlog.models import LogEntry
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from liangxin.core.contributions import slot
from liangxin.core.pinyin import INITIALS_FIELD, fill_initials
from liangxin.ledger import bulk, cells
from liangxin.ledger.framework import Column, ImportContext, ParsedRow, chunks
from liangxin.ledger.history import CreationChanges, LogWriter, changes_json
from liangxin.ledger.lookups import Reference, resolve_reference


def _write_chunk(insert, updates_by_fields, staged, log, history, report, done) -> None:
    """One chunk's statements, run by the writer thread (updates only staged on PostgreSQL:
    ``bulk.StagedUpdates`` applies them all at the end)."""
    if insert[2]:
        bulk.insert(*insert[:3], ready=insert[3])
    for model, columns, rows, ready in updates_by_fields.values():
        if staged is not None:
            staged.add(columns, rows)
        else:
            bulk.update(model, columns, rows, ready=ready)
    log.write(history)
    report(done)


def _is_uuid4(field) -> bool:
    return getattr(field, "default", None) is uuid.uuid4


def _date_as_text(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


class LedgerKind:
    """One ledger (DOMAIN.md §5). Each app defines its own in ``<app>/ledger.py`` and
    registers the instances from its ``AppConfig.ready()``: ``contribute(self,
    ledger_kinds=ledger.KINDS)``."""

    name = ""
    label = ""
    # Place among the kinds wherever users see them listed (the ledger page, messages):
    # the apps register in INSTALLED_APPS order, which is not the order users know.
    order = 0
    model: type[models.Model] = None
    columns: tuple[Column, ...] = ()
    key_header = ""
    personal = False  # holds ID numbers and phones: exports mask them unless revealed
    # Fields compared and written for an update; a row's other values are derived.
    stored_fields: tuple[str, ...] = ()
    # Checked in chunks and written from a spool (flat kinds only: no in-file references).
    streaming = False
    chunk_rows = 5000

    def __init__(self):
        # The dates the model refuses ahead of today (its clean(), core.validators) are
        # refused in the cell, in the same words: the import and the form cannot drift.
        limited = frozenset(getattr(self.model, "dates_not_in_future", ()))
        self.columns = tuple(
            dataclasses.replace(column, parse=cells.not_after_today(column.parse, column.header))
            if column.field in limited
            else column
            for column in type(self).columns
        )
        if self.keeps_initials:
            # The pickers' pinyin initials (core.pinyin) travel with the name: derived in
            # prepare(), compared and written like any stored field, left out of the history.
            self.stored_fields = (*type(self).stored_fields, INITIALS_FIELD)
            self.history_excluded = type(self).history_excluded | {INITIALS_FIELD}

    @cached_property
    def keeps_initials(self) -> bool:
        fields = {field.name for field in self.model._meta.concrete_fields}
        return INITIALS_FIELD in fields and "name" in type(self).stored_fields

    @property
    def key_column(self) -> Column:
        return self.column(self.key_header)

    def column(self, header: str) -> Column:
        return next(c for c in self.columns if c.header == header)

    def key_of(self, row: ParsedRow) -> str | None:
        return row.values.get(self.key_column.field)

    # Columns naming records of other models, each looked up in bulk inside the
    # importer's scope (lookups.resolve_reference), as the forms and the API do.
    references: tuple[Reference, ...] = ()

    def reference(self, header: str) -> Reference:
        return next(ref for ref in self.references if ref.header == header)

    def look_up(self, rows: list[ParsedRow], ctx: ImportContext, header: str) -> dict:
        """{code: id or None} of the codes in column ``header``; a row naming a record
        that does not exist or lies outside the importer's scope fails."""
        return resolve_reference(rows, ctx, self.reference(header), self.column(header))

    # The registry list page an export repeats (its selector and filters: the file holds
    # the rows the page shows), as a dotted path; "" for a kind without one, which
    # imports but does not export.
    list_view = ""

    # {cell parser: (format text, options)} of the parsers this kind brings itself,
    # for its template's 填写说明 (templates_xlsx knows the shared ones).
    cell_formats: dict = {}

    # Values for optional columns that are present but left empty. A column that is
    # absent from the file leaves the stored value alone on update.
    defaults: dict = {}

    # --- the steps the pipeline calls, in order -------------------------------

    def fill_defaults(self, rows: list[ParsedRow]) -> None:
        defaults = list(self.defaults.items())
        for row in rows:
            values = row.values
            for name, value in defaults:
                if name in values and values[name] is None:
                    values[name] = value

    def prepare(self, rows: list[ParsedRow]) -> None:
        """Hook: the checks and derived values that need no database (defaults, check
        digits, blind indexes). A streamed kind runs them in the reading process; a kind
        overriding it calls this one (the name's initials)."""
        if self.keeps_initials:
            fill_initials(rows)

    def resolve(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        """Look up references and existing records in bulk; mark rows out of scope."""
        raise NotImplementedError

    def assign(self, instance, row: ParsedRow) -> None:
        for name in self.stored_fields:
            if name in row.values:
                setattr(instance, name, row.values[name])

    def diff(self, row: ParsedRow) -> dict:
        """Fields whose stored value the row would change: {field: (old, new)}."""
        values = row.values
        if (
            self.streaming
            and row.existing.__class__ is self.existing_type
            and (not self.uncompared_fields or self.compares_all(values))
        ):
            # Most rows of a re-import are unchanged: one tuple comparison of the fields
            # the loop below would compare says so; a difference or an absent column
            # (KeyError) takes the loop.
            try:
                if self.compared_getter(values) == row.existing[1:]:
                    return {}
            except KeyError:
                pass
        changes = {}
        for name in self.stored_fields:
            if name not in row.values:
                continue
            old, new = getattr(row.existing, name), row.values[name]
            if old != new:
                changes[name] = (old, new)
        if self.keeps_initials and changes.keys() == {INITIALS_FIELD}:
            # Initials out of step with an unchanged name (a row written past every
            # save, core.pinyin.refresh_initials mends those) are no change to the user.
            return {}
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
    def compared_getter(self):
        """values → the compared fields as a tuple, in the order of ``existing_type``."""
        names = self.compared_fields
        return itemgetter(*names) if len(names) > 1 else lambda values: (values[names[0]],)

    @cached_property
    def uncompared_fields(self) -> tuple[str, ...]:
        return tuple(name for name in self.stored_fields if name not in self.compared_fields)

    def compares_all(self, values: dict) -> bool:
        """No stored field the diff reads from ``values`` is left out of ``existing_type``."""
        return not any(name in values for name in self.uncompared_fields)

    @cached_property
    def existing_type(self):
        return namedtuple(f"{type(self).__name__}Record", ["pk", *self.compared_fields])

    def load_existing(self, field: str, keys: list) -> dict:
        """{key: record} — light named tuples when streaming, model instances otherwise."""
        if not self.streaming:
            return self.model.objects.in_bulk(keys, field_name=field)
        record_type, found = self.existing_type, {}
        columns = ["pk", *self.compared_fields]
        key_index = columns.index(field)
        for values in bulk.fetch(self.model, columns, where=field, values=sorted(set(keys))):
            # tuple.__new__ is what _make does, without its Python-level length check
            # (the columns are the type's fields by construction).
            found[values[key_index]] = tuple.__new__(record_type, values)
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

    def computed_batch(self, created: list, updated: list) -> tuple[list[dict], list[dict]]:
        """``computed_values`` for a chunk's new and updated rows ([] when none are computed);
        a kind may compute them for the whole chunk at once."""
        if not self.computed_columns:
            return [], []
        return (
            [self.computed_values(row, new=True) for row in created],
            [self.computed_values(row, new=False) for row in updated],
        )

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
        take, creation, as_text = self.spooled_getter, self.creation_json, self.dates_as_text
        missing = self.field_defaults
        computed_new, computed_changed = self.computed_batch(created, updated)
        inserts = []
        for index, row in enumerate(created):
            values = row.values
            if computed_new:
                values = {**values, **computed_new[index]}
            try:
                record = take(values)
            except KeyError:  # a column the file leaves out: the field's default
                record = tuple(values[n] if n in values else missing[n]() for n in spooled)
            inserts.append((as_text(record), self.repr_of(row), creation(row.values)))
        updates = []
        for index, row in enumerate(updated):
            changed = {n: row.values[n] for n in self.stored_fields if n in row.changes}
            if computed_changed:
                changed.update(computed_changed[index])
            names = tuple(sorted(changed))
            record = tuple(_date_as_text(changed[n]) for n in names)
            history = changes_json(self.shown_changes(row))
            updates.append((names, row.existing.pk, record, self.repr_of(row), history))
        return inserts, updates

    @cached_property
    def spooled_dates(self) -> tuple[str, ...]:
        """Spooled date columns: they travel as ISO text, which both databases read back
        (a date object costs several times a string to pickle and again to adapt)."""
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        return tuple(
            name
            for name in self.insert_plan[0]
            if isinstance(fields[name], models.DateField)
            and not isinstance(fields[name], models.DateTimeField)
        )

    @cached_property
    def dates_as_text(self):
        """A spooled record → the same with its dates as ISO text."""
        spooled = self.insert_plan[0]
        positions = [spooled.index(name) for name in self.spooled_dates]
        if not positions:
            return lambda record: record

        def as_text(record: tuple) -> list:
            record = list(record)
            for position in positions:
                if record[position] is not None:
                    record[position] = record[position].isoformat()
            return record

        return as_text

    @cached_property
    def spooled_getter(self):
        """values → the spooled columns as a tuple (KeyError when one is missing)."""
        spooled = self.insert_plan[0]
        if len(spooled) == 1:
            return lambda values: (values[spooled[0]],)
        return itemgetter(*spooled)

    @cached_property
    def creation_json(self):
        """values → the history's ``changes`` text for a new row (``creation_changes``)."""
        if type(self).creation_changes is not LedgerKind.creation_changes:  # a kind's own
            return lambda values: changes_json(
                self.creation_changes(ParsedRow(0, None, values)), new=True
            )
        shown = [n for n in self.stored_fields if n not in self.history_excluded]
        return CreationChanges(shown).json

    @cached_property
    def field_defaults(self) -> dict:
        return {f.attname: f.get_default for f in self.model._meta.concrete_fields}

    @cached_property
    def per_row_defaults(self) -> frozenset:
        """Defaults the streaming insert must make row by row (a callable default: uuid4)."""
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        return frozenset(
            name
            for name, _ in self.insert_plan[1]
            if fields[name].has_default() and callable(fields[name].default)
        )

    def write_packed(self, spool, ctx: ImportContext, report, *, new_records: int) -> int:
        """Write every spooled chunk; return the number of records written.

        This thread reads the spool and builds each chunk's rows; a ``bulk.Writer``
        thread writes them (and reports progress) meanwhile, in the same transaction.
        """
        new_ids = iter(bulk.allocate_ids(self.model, new_records))
        with PackedWriter(self, ctx, report, ids=lambda count: list(islice(new_ids, count))) as out:
            for packed in spool:
                out.add(packed)
            out.finish()
        return out.done

    def insert_rows(self, inserts: list, ids: list, log: LogWriter, now) -> tuple:
        """((model, columns, rows, ready) for ``bulk.insert``, the history rows)."""
        spooled, defaults, auto_now = self.insert_plan
        # Constant defaults and the timestamps are made (and adapted) once; only callable
        # defaults (uuid4) are made per row. Column order in the INSERT is free.
        fixed = [(name, make) for name, make in defaults if name not in self.per_row_defaults]
        varying = [name for name, _ in defaults if name in self.per_row_defaults]
        columns = ["id", *spooled, *varying, *(n for n, _ in fixed), *auto_now]
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        stamps = tuple(bulk.adapter(fields[name])(now) for name in auto_now)
        constants = tuple(make() for _, make in fixed)
        made = zip(*(self.per_row_values(fields[n], len(inserts)) for n in varying), strict=True)
        tail = (*constants, *stamps)
        rows = [
            (pk, *record, *row_made, *tail)
            for pk, (record, _, _), row_made in zip(
                ids, inserts, made if varying else repeat(()), strict=False
            )
        ]
        ready = [*auto_now, *self.spooled_dates, *(n for n in varying if _is_uuid4(fields[n]))]
        create, entry = LogEntry.Action.CREATE, log.row
        history = [
            entry(pk, text, create, changes)
            for pk, (_, text, changes) in zip(ids, inserts, strict=True)
        ]
        return (self.model, columns, rows, ready), history

    def update_rows(self, updates: list, log: LogWriter, now) -> tuple:
        """({changed fields: (model, columns, rows, ready)} for ``bulk.update``, history rows)."""
        stamp = ["updated_at"] if "updated_at" in self.field_defaults else []
        groups = defaultdict(list)
        for names, pk, record, _, _ in updates:
            groups[names].append((pk, *record, *([now] if stamp else [])))
        dates = set(self.spooled_dates)
        by_fields = {
            names: (self.model, [*names, *stamp], rows, dates.intersection(names))
            for names, rows in groups.items()
        }
        change = LogEntry.Action.UPDATE
        history = [log.row(pk, text, change, changes) for _, pk, _, text, changes in updates]
        return by_fields, history

    @cached_property
    def update_columns(self) -> list[str]:
        """Every column an update may set: the stored fields, the computed ones (ciphertext)
        and the modification time."""
        fields = {f.attname for f in self.model._meta.concrete_fields}
        names = [*self.stored_fields, *sorted(self.computed_columns)]
        stamp = ["updated_at"] if "updated_at" in fields else []
        return [name for name in dict.fromkeys(names) if name in fields] + stamp

    @staticmethod
    def per_row_values(field, count: int) -> list:
        """``count`` values of a callable default; uuid4 as ready text, made in one go."""
        if _is_uuid4(field):
            return bulk.uuid4_texts(count)
        return [field.get_default() for _ in range(count)]

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

    def export_masks(self, user) -> dict:
        """{header: cell → what ``user`` may see of it} for the columns a role sees only
        in part (ledger.scope applies them to every exported row)."""
        return {}


def all_kinds() -> dict[str, LedgerKind]:
    """Every registered kind by name, in ``order``."""
    found = {}
    for kind in sorted(slot("ledger_kinds"), key=attrgetter("order")):
        if kind.name in found:
            raise ImproperlyConfigured(f"台账类型重复登记：{kind.name}")
        found[kind.name] = kind
    return found


def kind_named(name: str) -> LedgerKind:
    kinds = all_kinds()
    try:
        return kinds[name]
    except KeyError as exc:
        raise ValueError(f"未知台账类型：{name}；可选：{', '.join(kinds)}") from exc


def check_kind_names(app_configs=None, **kwargs) -> list[checks.Error]:
    """System check (run at start-up by runserver, migrate, check): no name registered twice."""
    try:
        all_kinds()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="ledger.E001")]
    return []


class PackedWriter:
    """Writes packed chunks (``LedgerKind.pack``): this thread builds each chunk's rows, a
    ``bulk.Writer`` thread runs the statements, on this thread's connection (inside the
    caller's transaction) or on ``wrapper`` (a ``bulk.WritingConnection``'s).

    ``ids(count)`` gives the new records' primary keys; ``report(done)``, when given,
    is called by the writer thread after each chunk. Call ``finish`` after the last
    chunk (PostgreSQL's staged updates are applied then).
    """

    def __init__(self, kind: LedgerKind, ctx: ImportContext, report=None, *, ids, wrapper=None):
        self.kind, self.ids, self.done = kind, ids, 0
        self.report = report or (lambda done: None)
        self.now = timezone.now()
        self.log = LogWriter(kind.model, ctx, self.now)
        self.staged = (
            bulk.StagedUpdates(kind.model, kind.update_columns) if bulk.is_postgres() else None
        )
        self.writer = bulk.Writer(wrapper=wrapper)

    def __enter__(self) -> "PackedWriter":
        self.writer.__enter__()
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.writer.__exit__(exc_type, exc, traceback)

    def add(self, packed) -> None:
        inserts, updates = packed
        insert, history = self.kind.insert_rows(inserts, self.ids(len(inserts)), self.log, self.now)
        by_fields, changed = self.kind.update_rows(updates, self.log, self.now)
        self.done += len(inserts) + len(updates)
        history += changed
        self.writer.submit(
            partial(
                _write_chunk,
                insert,
                by_fields,
                self.staged,
                self.log,
                history,
                self.report,
                self.done,
            )
        )

    def finish(self) -> None:
        if self.staged is not None:
            self.writer.submit(self.staged.apply)
        self.writer.submit(self.log.seal)  # the history onto the audit chain, last

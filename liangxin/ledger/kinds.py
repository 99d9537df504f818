"""The base of a ledger kind; each kind lives in its own module under ledger/kinds_*."""

from django.db import models
from django.utils import timezone

from liangxin.ledger.framework import Column, ImportContext, ParsedRow, chunks


class LedgerKind:
    name = ""
    label = ""
    model: type[models.Model] = None
    columns: tuple[Column, ...] = ()
    key_header = ""
    personal = False  # holds ID numbers and phones: exports mask them unless revealed
    # Fields compared and written for an update; a row's other values are derived.
    stored_fields: tuple[str, ...] = ()

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

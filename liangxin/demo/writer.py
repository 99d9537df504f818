"""Bulk writing of plain rows: COPY on PostgreSQL, executemany on SQLite.

Model instances and ``bulk_create`` cost more than the inserts themselves at a
million rows, so rows go in as tuples in column order; the per-column
converters do the little adaptation Django would do (dates as ISO text and
UUIDs as hex on SQLite). No signals fire, so nothing reaches the audit log.
"""

import sys
import time
from collections.abc import Callable, Iterable

from django.core.management.color import no_style
from django.db import connection as default_connection

BATCH_SIZE = 5000


def sqlite_converter(field) -> Callable | None:
    kind = field.get_internal_type()
    if kind == "DateField":
        return lambda value: value.isoformat() if value else None
    if kind == "UUIDField":
        return lambda value: value.hex
    if kind == "DecimalField":
        return lambda value: None if value is None else str(value)
    return None


def defaulted_fields(model, attnames: list[str]) -> list:
    """Columns the rows leave out take the field's default (fields added after the generator)."""
    given = set(attnames)
    return [
        field
        for field in model._meta.concrete_fields
        if field.attname not in given and not field.primary_key
    ]


class Progress:
    """Rows and rows per second per table, to stderr, at most every few seconds."""

    def __init__(self, stream=sys.stderr, every: float = 5.0):
        self.stream, self.every = stream, every
        self.started = time.monotonic()
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.last_report = self.started

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.counts[table] = self.counts.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds
        if time.monotonic() - self.last_report >= self.every:
            self.last_report = time.monotonic()
            self.report_line(table)

    def report_line(self, table: str) -> None:
        rows, seconds = self.counts[table], self.seconds[table] or 1e-9
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"  [{elapsed:7.1f}s] {table}: {rows:,} 行（{rows / seconds:,.0f} 行/秒）\n"
        )
        self.stream.flush()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> None:
        self.stream.write(f"写入完成，用时 {time.monotonic() - self.started:.1f} 秒：\n")
        for table in self.counts:
            self.report_line(table)


class TableWriter:
    """Writes tuples in the order of ``columns`` into one model's table."""

    def __init__(self, model, attnames: list[str], progress: Progress, connection=None):
        self.connection = connection or default_connection
        self.model, self.progress = model, progress
        fields = {field.attname: field for field in model._meta.concrete_fields}
        self.table = model._meta.db_table
        self.defaults = defaulted_fields(model, attnames)
        attnames = [*attnames, *(field.attname for field in self.defaults)]
        self.columns = [fields[name].column for name in attnames]
        converters = [(i, self.converter(fields[name])) for i, name in enumerate(attnames)]
        self.converters = [(index, convert) for index, convert in converters if convert]
        self.default_values = tuple(field.get_default() for field in self.defaults)

    def converter(self, field):
        if self.connection.vendor != "sqlite":
            return None  # psycopg adapts Python values itself
        if field.get_internal_type() == "DateTimeField":
            return self.connection.ops.adapt_datetimefield_value
        return sqlite_converter(field)

    def adapt(self, row: tuple) -> tuple:
        row = row + self.default_values
        if not self.converters:
            return row
        values = list(row)
        for index, convert in self.converters:
            values[index] = convert(values[index])
        return tuple(values)

    def write(self, rows: Iterable[tuple]) -> None:
        batch = []
        for row in rows:
            batch.append(self.adapt(row))
            if len(batch) >= BATCH_SIZE:
                self.flush(batch)
                batch = []
        if batch:
            self.flush(batch)

    def flush(self, batch: list[tuple]) -> None:
        started = time.monotonic()
        if self.connection.vendor == "postgresql":
            self.copy(batch)
        else:
            self.insert(batch)
        self.progress.add(self.table, len(batch), time.monotonic() - started)

    def column_list(self) -> str:
        quote = self.connection.ops.quote_name
        return ", ".join(quote(column) for column in self.columns)

    def insert(self, batch: list[tuple]) -> None:
        placeholders = ", ".join(["%s"] * len(self.columns))
        quote = self.connection.ops.quote_name
        sql = f"INSERT INTO {quote(self.table)} ({self.column_list()}) VALUES ({placeholders})"
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, batch)

    def copy(self, batch: list[tuple]) -> None:
        quote = self.connection.ops.quote_name
        sql = f"COPY {quote(self.table)} ({self.column_list()}) FROM STDIN"
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in batch:
                copy.write_row(row)


def reset_sequences(models: list, connection=None) -> None:
    """Explicit ids leave PostgreSQL sequences behind; move them past the new rows."""
    connection = connection or default_connection
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

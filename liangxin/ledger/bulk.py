"""Fast bulk writes for big ledgers: PostgreSQL COPY, SQLite executemany.

Everything runs on Django's connection, inside the caller's ``transaction.atomic``,
so a failure or a cancellation rolls it back with the rest of the import.
Rows are plain tuples in the order of the given columns (model attnames),
already holding Python values; dates, times and UUIDs are adapted here.

New primary keys are allocated up front (``nextval`` on PostgreSQL; on SQLite
the file is locked by the write transaction, so max(id) + 1 is safe) so the
change history can name the records without reading them back.
"""

import contextlib
import itertools
import json
import os
import pickle
import queue
import re
import tempfile
import threading
import uuid
from array import array
from collections.abc import Callable, Iterator, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from liangxin.core import sqlite

try:
    import psycopg
except ImportError:  # SQLite-only installs
    psycopg = None

COPY_MIN_ROWS = 1  # COPY on PostgreSQL from the first row; tests run it on every PG write


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def query_batch_size() -> int:
    """Values per ``IN (...)`` lookup: SQLite has a bound-variable limit."""
    if is_postgres():
        return 10_000
    return connection.features.max_query_params or 999


def in_batches(values: list, size: int | None = None) -> Iterator[list]:
    size = size or query_batch_size()
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- value adaptation ---------------------------------------------------------------


def _identity(value):
    return value


def adapter(field: models.Field):
    """How one column's Python value reaches the driver (cheap for the common types)."""
    if isinstance(field, models.DateTimeField):
        return _datetime_adapter()
    if isinstance(field, models.DateField):
        return (lambda v: v) if is_postgres() else (lambda v: None if v is None else v.isoformat())
    if isinstance(field, models.UUIDField):
        return _identity if is_postgres() else (lambda v: None if v is None else v.hex)
    if isinstance(field, models.DecimalField):
        return lambda v: None if v is None else connection.ops.adapt_decimalfield_value(v)
    if isinstance(field, models.JSONField):
        return lambda v: v if v is None or isinstance(v, str) else json.dumps(v)
    return _identity


def _datetime_adapter():
    """Timestamps repeat (one ``now`` per import): adapt each distinct value once."""
    seen: dict = {}

    def adapt(value):
        if value is None:
            return None
        if value not in seen:
            seen[value] = connection.ops.adapt_datetimefield_value(value)
        return seen[value]

    return adapt


def adapters(model, columns: list[str]) -> list:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return [adapter(fields[name]) for name in columns]


def _needs_adapting(functions) -> bool:
    return any(function is not _identity for function in functions)


def adapt_rows(model, columns: list[str], rows: list[tuple], ready=()) -> list[tuple]:
    """The rows with each column's adapter applied (``ready`` columns are left as they are)."""
    functions = [
        _identity if c in ready else f
        for c, f in zip(columns, adapters(model, columns), strict=True)
    ]
    if not _needs_adapting(functions):
        return rows
    converting = [(i, f) for i, f in enumerate(functions) if f is not _identity]
    if len(converting) == 1:  # the common case (one date column): slice, no list per row
        (index, function), after = converting[0], converting[0][0] + 1
        return [(*row[:index], function(row[index]), *row[after:]) for row in rows]
    adapted = []
    for row in rows:
        row = list(row)
        for index, function in converting:
            row[index] = function(row[index])
        adapted.append(row)
    return adapted


SQLITE_IMPORT_CACHE_KIB = 256 * 1024


def write_settings():
    """SQLite: a bigger page cache while a big import writes (its default 2 MB makes every
    index insert a disk read); restored afterwards. Nothing to do on PostgreSQL."""
    if is_postgres():
        return contextlib.nullcontext()
    return sqlite.pragma(connection, "cache_size", -SQLITE_IMPORT_CACHE_KIB)


def uuid4_texts(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as 32 hex digits, which SQLite stores as Django
    does and PostgreSQL's uuid input reads. Written out because ``uuid.uuid4()`` builds
    and checks a UUID object per call (~8 µs): a member import makes one per row."""
    data = bytearray(os.urandom(16 * count))
    data[6::16] = bytes(byte & 0x0F | 0x40 for byte in data[6::16])  # version 4
    data[8::16] = bytes(byte & 0x3F | 0x80 for byte in data[8::16])  # RFC 4122 variant
    text = data.hex()
    return [text[start : start + 32] for start in range(0, 32 * count, 32)]


# --- reading records back ---------------------------------------------------------------


def fetch(model, columns: list[str], *, where: str, values: list) -> Iterator[tuple]:
    """Rows of ``columns`` (attnames, "pk" allowed) whose ``where`` column is in ``values``.

    Raw SQL, no model instances: both drivers already hand back Python types for
    the columns the diff reads (Django registers SQLite's date and bool converters).
    """
    fields = {f.attname: f for f in model._meta.concrete_fields}
    fields["pk"] = model._meta.pk
    names = _quoted(fields[name].column for name in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(fields[where].column)
    if is_postgres():
        yield from _fetch_postgres(names, table, column, values)
        return
    with connection.cursor() as cursor:
        for batch in in_batches(values):
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"SELECT {names} FROM {table} WHERE {column} IN ({marks})", batch)
            yield from cursor.fetchall()


PLAIN_KEY = re.compile(r"[0-9A-Za-z_.-]+")  # an array element that needs no quoting
FETCH_KEYS_POSTGRES = 5000


def _fetch_postgres(names: str, table: str, column: str, values: list) -> Iterator[tuple]:
    """An index probe per key (a LATERAL subquery), the keys as one array parameter,
    the results in binary.

    ``WHERE key = ANY(keys)`` (or a plain join) leaves the choice to the planner, which
    scans or hashes the whole table for a few thousand keys (before the statistics of
    a fresh load, and often after): the cost grows with the table, not with the file.
    ``OFFSET 0`` keeps the subquery from being merged into such a join. Django's cursor binds on
    the client: a 5,000-key list became 5,000 quoted literals in Python; keys of letters
    and digits (credit codes, blind indexes) go as one array literal instead.
    """
    sql = (
        f"SELECT r.* FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL"
        f" (SELECT {names} FROM {table} WHERE {column} = k.key OFFSET 0) AS r"
    )
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        for batch in in_batches(values, FETCH_KEYS_POSTGRES):
            plain = all(map(PLAIN_KEY.fullmatch, batch))
            cursor.execute(sql, ["{" + ",".join(batch) + "}" if plain else batch], binary=True)
            yield from cursor.fetchall()


# --- primary keys ---------------------------------------------------------------------


def allocate_ids(model, count: int) -> Sequence[int]:
    """``count`` fresh primary keys for ``model``, in ascending order (a compact array: a
    whole import's keys are taken at once); call inside the write transaction."""
    if count == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT array_agg(nextval(pg_get_serial_sequence(%s, %s)))"
                " FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return array("q", sorted(cursor.fetchone()[0]))
        cursor.execute(f'SELECT MAX("{pk}") FROM "{table}"')
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
    return range(start, start + count)


# --- insert and update ------------------------------------------------------------------


def _quoted(names) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def insert(model, columns: list[str], rows: list[tuple], *, ready=()) -> None:
    """INSERT the rows (COPY on PostgreSQL); ``ready`` columns already hold driver values."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    rows = adapt_rows(model, columns, rows, ready)
    with connection.cursor() as cursor:
        if is_postgres() and len(rows) >= COPY_MIN_ROWS:
            with cursor.copy(f"COPY {table} ({_quoted(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        _insert_many_rows(cursor, table, columns, rows)


def _insert_many_rows(cursor, table: str, columns: list[str], rows) -> None:
    """SQLite: one INSERT … VALUES (…), (…), … per batch of rows, as many as the
    bound-variable limit allows. executemany runs one statement per row, and a table
    with a trigger (the coverage facts on members) opens and closes a statement
    journal for each: about a third of a member import's write time."""
    per_statement = max(1, query_batch_size() // len(columns))
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {table} ({_quoted(columns)}) VALUES "
    for batch in in_batches(rows, per_statement):
        sql = head + ", ".join([row_marks] * len(batch))
        cursor.execute(sql, list(itertools.chain.from_iterable(batch)))


def update(model, columns: list[str], rows: list[tuple], *, ready=()) -> None:
    """UPDATE ``columns`` of the records whose pk is each row's first value
    (``ready`` columns already hold driver values)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    rows = adapt_rows(model, [model._meta.pk.attname, *columns], rows, ready)
    if is_postgres():  # COPY into a staging table, then one UPDATE … FROM
        staged = StagedUpdates(model, columns)
        staged.add(columns, rows)
        staged.apply()
        return
    with connection.cursor() as cursor:
        assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
        shifted = [(*row[1:], row[0]) for row in rows]
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", shifted)


class StagedUpdates:
    """PostgreSQL: a whole import's updates COPied into one staging table and applied by
    one UPDATE at the end (``ready`` values as for ``update``; psycopg adapts the rest).

    Each UPDATE statement fires the table's statement triggers once: the coverage facts
    recount every unit its rows touched (about a millisecond a unit), so one UPDATE
    per chunk and per set of changed fields recounted most units forty times over in
    a 200,000-member file. Rows change different fields: a bit per column says which
    of a row's values to take (``CASE``), the others keep the stored value.
    """

    def __init__(self, model, columns: list[str]):
        self.model, self.columns = model, list(columns)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.column_of = {name: fields[name].column for name in self.columns}
        self.bits = {name: 1 << position for position, name in enumerate(self.columns)}
        self.used = 0  # the bits of the columns some row changes
        self.staging = None

    def add(self, names: list[str], rows: list[tuple]) -> None:
        """Rows of (pk, *values of ``names``), staged as (pk, *every column, bits)."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.staging is None:
                self._create(cursor)
            mask = sum(self.bits[name] for name in names)
            self.used |= mask
            positions = [self.columns.index(name) + 1 for name in names]
            width = len(self.columns)
            with cursor.copy(self._copy_sql) as copy:
                for pk, *values in rows:
                    staged = [pk, *([None] * width), mask]
                    for position, value in zip(positions, values, strict=True):
                        staged[position] = value
                    copy.write_row(staged)

    def apply(self) -> None:
        if self.staging is None:
            return
        quote = connection.ops.quote_name
        table, pk = quote(self.model._meta.db_table), quote(self.model._meta.pk.column)
        assignments = ", ".join(
            f"{column} = CASE WHEN s.changed & {bit} <> 0 THEN s.{column} ELSE t.{column} END"
            for column, bit in (
                (quote(self.column_of[name]), bit) for name, bit in self.bits.items()
            )
            if self.used & bit
        )
        with connection.cursor() as cursor:
            # Without statistics the planner takes the staging table for a big one and
            # merges it with a scan of the whole target table.
            cursor.execute(f"ANALYZE {self.staging}")
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM {self.staging} AS s"
                f" WHERE t.{pk} = s.{pk}"
            )
            cursor.execute(f"DROP TABLE {self.staging}")
        self.staging = None

    def _create(self, cursor) -> None:
        quote = connection.ops.quote_name
        table, pk = quote(self.model._meta.db_table), quote(self.model._meta.pk.column)
        self.staging = quote(f"ledger_update_{uuid.uuid4().hex[:12]}")
        names = _quoted(self.column_of[name] for name in self.columns)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {self.staging} ON COMMIT DROP AS"
            f" SELECT {pk}, {names}, 0::bigint AS changed FROM {table} WITH NO DATA"
        )
        self._copy_sql = f"COPY {self.staging} ({pk}, {names}, changed) FROM STDIN"


# --- a writer thread -----------------------------------------------------------------------


class Writer:
    """Runs the write phase's statements, in order, in a second thread, while this thread
    builds the next rows: on this thread's connection (same transaction), or on
    ``wrapper`` (a ``WritingConnection``'s).

    The database's own work (SQLite's B-trees, which run without the GIL; PostgreSQL's
    server process) then overlaps the Python that prepares the next chunk. This
    thread must leave the connection to the writer until the ``with`` block ends.
    The first error in the writer (a database error, or ImportCancelled from the
    progress callback it calls) stops the rest and is raised here.
    """

    QUEUED = 2  # chunks waiting for the writer: bounds the memory of built rows

    def __init__(self, alias: str = DEFAULT_DB_ALIAS, *, wrapper=None):
        self.alias = alias
        self.connection = wrapper if wrapper is not None else connections[alias]
        self.queue: queue.Queue = queue.Queue(maxsize=self.QUEUED)
        self.error: BaseException | None = None
        self.abandoned = False  # the caller failed: what is still queued is not run
        self.thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)

    def __enter__(self) -> "Writer":
        self.connection.inc_thread_sharing()
        self.thread.start()
        return self

    def submit(self, work: Callable[[], None]) -> None:
        self._raise_error()
        self.queue.put(work)

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.abandoned = exc_type is not None
        self.queue.put(None)
        self.thread.join()
        self.connection.dec_thread_sharing()
        if exc_type is None:
            self._raise_error()

    def _raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        connections[self.alias] = self.connection  # this thread's connection: the caller's
        while (work := self.queue.get()) is not None:
            if self.error is not None or self.abandoned:
                continue  # drain: the caller is about to raise, or has
            try:
                # COPY goes to psycopg directly: Django's wrapper turns its errors into
                # django.db's (an IntegrityError is then one whatever statement raised it).
                with self.connection.wrap_database_errors:
                    work()
            except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread)
                self.error = exc


def own_connection_possible(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether an import may use connections of its own beside ``alias``'s: PostgreSQL
    (SQLite's one writer would wait for itself), and not inside a caller's transaction
    (a test's), whose rows a second connection could not see, and outside which it
    would commit."""
    default = connections[alias]
    return default.vendor == "postgresql" and not default.in_atomic_block


class WritingConnection:
    """PostgreSQL: a connection of the import's own, holding its one write transaction,
    for a ``Writer`` whose caller goes on checking through its usual connection.

    The checks need no uncommitted rows of this file (a key repeated in the file
    is failed in memory), so they run in autocommit beside the writes instead of
    waiting for them. ``commit`` keeps the writes; ``close`` without it drops them.
    """

    def __init__(self, alias: str = DEFAULT_DB_ALIAS):
        self.wrapper = connections.create_connection(alias)

    def begin(self, written_models=()) -> None:
        """Open the transaction; the foreign keys of ``written_models``' tables are checked
        as each statement ends instead of all at the commit (Django makes them deferred).

        The checks then run on the server while the import checks its next chunk; at the
        commit, with nothing left to overlap them, they were a tenth of a 200,000-member
        import. The other deferred triggers stay deferred: the data version's, which
        would otherwise lock the version row for the whole import and hold up every
        other writer until it ends."""
        self.wrapper.ensure_connection()
        self.wrapper.set_autocommit(False)
        tables = [model._meta.db_table for model in written_models]
        with self.wrapper.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT conname FROM pg_constraint WHERE contype = 'f'"
                " AND condeferrable AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
                [tables],
            )
            names = [name for (name,) in cursor.fetchall()]
            if names:
                quoted = ", ".join(self.wrapper.ops.quote_name(name) for name in names)
                cursor.execute(f"SET CONSTRAINTS {quoted} IMMEDIATE")

    def commit(self) -> None:
        """After the writer thread has ended."""
        self.wrapper.commit()
        self.wrapper.set_autocommit(True)

    def close(self) -> None:
        """Closing with the transaction open (a bad file, a cancel, an error) rolls it back."""
        self.wrapper.close()


# --- a spool of planned writes ----------------------------------------------------------


class Spool:
    """Planned writes kept on disk between checking and writing: memory stays flat."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="ledger-")  # noqa: SIM115 (closed by close())
        self.batches = 0

    def add(self, batch) -> None:
        pickle.dump(batch, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.batches += 1

    def __iter__(self):
        self.file.seek(0)
        for _ in range(self.batches):
            yield pickle.load(self.file)

    def close(self) -> None:
        self.file.close()

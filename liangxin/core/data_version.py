"""One number that changes whenever a committed write changes what a page can show.

Database triggers on every registry table (regions, enterprises, organizations,
members, instructors, the lifecycle records, rules, goals, snapshots, and the
user table's role and scope) bump ``core_dataversion.counter`` in the writing
transaction, so no write path can forget it: pages, API, imports (COPY
included), the admin, the seed, raw SQL.

Why the counter can be trusted as a cache key (``liangxin.core.page_cache``):
the bump is part of the writer's transaction, so a reader that reads the
counter *first* and the data *after* can only see data at least as new as the
counter says. A page cached under counter N may hold data newer than N, never
older; once the writer commits, every reader sees N + 1 and misses.

- SQLite: row triggers (it has no statement triggers); one writer at a time,
  so the single row is no bottleneck.
- PostgreSQL: deferred constraint triggers, fired at commit, so the row is
  locked for the moment of the commit, not for the whole of a long import. Only
  a transaction's first written row queues one (the trigger's WHEN): a deferred
  event per row of a 200,000-row COPY cost more than a second at commit.
"""

from django.db import connection as default_connection

from liangxin.core.models import DataVersion
from liangxin.core.triggers import dropped, present_triggers

TRIGGER_PREFIX = "liangxin_version"
FUNCTION = "liangxin_bump_data_version"
FIRST_WRITE = "liangxin_version_first_write"
TABLE = DataVersion._meta.db_table

# Apps whose every table is what pages show. Left out on purpose: ledger jobs
# (progress is written every second while a job runs), the audit log, sessions,
# login attempts, the task queue, and coverage_enterprisefacts (derived inside the
# same transaction as the member, link or organization write that changed it).
VERSIONED_APPS = (
    "regions",
    "enterprises",
    "organizations",
    "members",
    "workforce",
    "rules",
    "development",
    "mobility",
    "dues",
    "posts",
    "life",
)
VERSIONED_EXTRA = (
    "coverage_coveragesnapshot",
    "coverage_indicatorgoal",
    "accounts_user_regions",
    "accounts_user_organizations",
)
# A login writes last_login: only the columns that change what a user sees count.
USER_TABLE = "accounts_user"
USER_COLUMNS = ("username", "first_name", "last_name", "role", "is_active", "is_staff")


def versioned_apps() -> tuple[str, ...]:
    """The platform's own list and the apps that registered theirs (slot versioned_apps)."""
    from liangxin.core.contributions import slot

    return (*VERSIONED_APPS, *slot("versioned_apps"))


def versioned_tables() -> list[str]:
    from django.apps import apps

    labels = versioned_apps()
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels and not model._meta.proxy
    }
    return sorted(tables | set(VERSIONED_EXTRA))


def current(connection=default_connection) -> str | None:
    """The version as this connection sees it (read it before the data it keys), or
    None when the row is missing (nothing may then be cached)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT epoch, counter FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}:{row[1]}" if row else None


def _events(table: str) -> tuple[str, ...]:
    if table == USER_TABLE:
        return ("INSERT", f"UPDATE OF {', '.join(USER_COLUMNS)}", "DELETE")
    return ("INSERT", "UPDATE", "DELETE")


def _tables() -> list[str]:
    return [*versioned_tables(), USER_TABLE]


def _sqlite_name(table: str, event: str) -> str:
    return f"{TRIGGER_PREFIX}_{table}_{event.split()[0].lower()}"


def _sqlite_ddl(table: str) -> list[str]:
    # SQLite has row triggers only, one event each.
    return [
        f"CREATE TRIGGER {_sqlite_name(table, event)} AFTER {event} ON {table} FOR EACH ROW"
        f" BEGIN UPDATE {TABLE} SET counter = counter + 1 WHERE id = 1; END"
        for event in _events(table)
    ]


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction, should more than one event have been queued.
    IF current_setting('liangxin.version_bumped', true) IS DISTINCT FROM
            txid_current()::text THEN
        UPDATE {TABLE} SET counter = counter + 1 WHERE id = 1;
        PERFORM set_config('liangxin.version_bumped', txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$"""

# The triggers' WHEN: true for the first row a transaction writes, false after. The mark
# is a transaction-local setting: a ROLLBACK TO SAVEPOINT undoes it together with the
# event it queued, so the next write queues another.
POSTGRES_FIRST_WRITE = f"""
CREATE OR REPLACE FUNCTION {FIRST_WRITE}() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF current_setting('liangxin.version_queued', true) IS DISTINCT FROM
            txid_current()::text THEN
        PERFORM set_config('liangxin.version_queued', txid_current()::text, true);
        RETURN true;
    END IF;
    RETURN false;
END $$"""


def _postgres_name(table: str) -> str:
    return f"{TRIGGER_PREFIX}_{table}"


# The same test in built-in functions first: every row after the first is then answered
# without a PL/pgSQL call (200,000 of them in a big import). CASE, because only it fixes
# the order in which PostgreSQL evaluates the two.
POSTGRES_WHEN = (
    "CASE WHEN current_setting('liangxin.version_queued', true) IS DISTINCT FROM"
    f" txid_current()::text THEN {FIRST_WRITE}() ELSE false END"
)


def _postgres_ddl(table: str) -> str:
    return (
        f"CREATE CONSTRAINT TRIGGER {_postgres_name(table)} AFTER {' OR '.join(_events(table))}"
        f" ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ({POSTGRES_WHEN})"
        f" EXECUTE FUNCTION {FUNCTION}()"
    )


def trigger_names(vendor: str) -> list[tuple[str, str]]:
    """(table, trigger name) of every trigger."""
    if vendor == "sqlite":
        return [(t, _sqlite_name(t, event)) for t in _tables() for event in _events(t)]
    return [(table, _postgres_name(table)) for table in _tables()]


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for _, name in trigger_names(vendor)]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for table, name in trigger_names(vendor)]


def ddl(vendor: str) -> list[str]:
    """Drop and create every trigger (idempotent)."""
    if vendor == "sqlite":
        creates = [statement for table in _tables() for statement in _sqlite_ddl(table)]
        return drop_statements(vendor) + creates
    return [
        POSTGRES_FUNCTION,
        POSTGRES_FIRST_WRITE,
        *drop_statements(vendor),
        *(_postgres_ddl(t) for t in _tables()),
    ]


def install(connection=default_connection) -> None:
    """Create the counter row and the triggers (after every migrate; SQLite drops a
    table's triggers when a migration rebuilds the table)."""
    with connection.cursor() as cursor:
        for statement in ddl(connection.vendor):
            cursor.execute(statement)
    DataVersion.objects.using(connection.alias).get_or_create(id=1)


def bump(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET counter = counter + 1 WHERE id = 1")


def suspended(connection=default_connection):
    """For bulk loads into an empty database (the demo seed): no trigger per row while
    writing, one bump after."""
    return dropped(connection, drop_statements(connection.vendor), _install_and_bump)


def _install_and_bump(connection) -> None:
    install(connection)
    bump(connection)


def missing_triggers(connection=default_connection) -> list[str]:
    present = present_triggers(connection)
    return [name for _, name in trigger_names(connection.vendor) if name not in present]

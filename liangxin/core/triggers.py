"""What both trigger sets (coverage facts, data version) need to know of the database."""

from contextlib import contextmanager

from django.db import connection as default_connection


def present_triggers(connection=default_connection) -> set[str]:
    """Names of the user-defined triggers the database has now."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


@contextmanager
def dropped(connection, drop_statements: list[str], restore):
    """For bulk loads: the triggers dropped while the block runs, then ``restore(connection)``
    (which re-creates them and makes up for what they missed), even on an error."""
    with connection.cursor() as cursor:
        for statement in drop_statements:
            cursor.execute(statement)
    try:
        yield
    finally:
        restore(connection)

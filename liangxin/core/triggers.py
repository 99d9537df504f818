"""What both trigger sets (coverage facts, data version) need to know of the database."""

from django.db import connection as default_connection


def present_triggers(connection=default_connection) -> set[str]:
    """Names of the user-defined triggers the database has now."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}

"""SQLite settings changed for one block of work."""

from contextlib import contextmanager


@contextmanager
def pragma(connection, name: str, value: int):
    """``PRAGMA name = value`` on ``connection`` while the block runs, then the value it
    had before, even on an error (a connection outlives the request or import)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name} = {before}")

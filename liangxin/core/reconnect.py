"""Outliving a lost database connection, for the long-running commands (the job worker,
the scheduler): close what is broken and try again with backoff, instead of exiting."""

import logging
import time
from contextlib import suppress

from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 60.0
# A lost or refused connection: worth waiting for. Anything else (a bad query, a broken
# constraint) would fail the same way again, so it ends the command as before.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def close_all() -> None:
    for connection in connections.all(initialized_only=True):
        # Closing a dead connection may fail; it is gone either way.
        with suppress(DatabaseError):
            connection.close()


def retry_on_lost_connection(work, *, label: str, sleep=None, keep_going=lambda: True):
    """``work()``'s result; after a lost connection, wait 1, 2, 4 … 60 s and call it again
    (while ``keep_going()``). ``sleep`` defaults to ``time.sleep`` looked up at each wait."""
    delay = 1.0
    while keep_going():
        try:
            return work()
        except CONNECTION_ERRORS:
            logger.warning(
                "%s: database connection lost; retrying in %.0f s", label, delay, exc_info=True
            )
            close_all()
            (sleep or time.sleep)(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)
    return None

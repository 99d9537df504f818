"""Sessions in the database, as Django keeps them, kind to SQLite's one writer.

While a big ledger import writes, SQLite lets nobody else write. A page the user
only reads still saves the session when its once-a-minute renewal falls due
(``IdleSessionMiddleware``); Django would wait the whole busy timeout for that
and then answer 400 ("session interrupted"). Here a save that only renews waits
a moment at most and, if the database is still busy, is put off to a later
click: the page is shown, the session stays valid (its expiry is minutes away).
For a few seconds after that the process's renewals do not try at all, so the
pages shown while the import writes do not each wait that moment.
A save that carries anything else (a login, a message) is never dropped: it
fails as every write does then, with the "try again" page (503).
"""

import contextlib
import logging
import time

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import connections, router

from liangxin.core import sqlite
from liangxin.core.errors import database_busy

logger = logging.getLogger(__name__)

RENEWAL_KEY = "_touched"
RENEWAL_WAIT_MS = 500  # how long a renewal waits for SQLite's write lock
RENEWAL_BACKOFF_SECONDS = 10  # after a busy renewal, this process's renewals skip the wait

_renewals_put_off_until = 0.0  # time.monotonic(); per process (each gunicorn worker its own)


class SessionStore(db.SessionStore):
    _before_renewal = None  # the session's data when renew() was called

    def renew(self, now: int) -> None:
        """Mark the session for renewal: saved, like any change, as the response goes out.
        A session changed before (in this request) is saved as any change is."""
        self._before_renewal = None if self.modified else self._without_renewal()
        self[RENEWAL_KEY] = now

    def save(self, must_create=False):
        if must_create or self.session_key is None or not self._only_renewed():
            return self._save_or_say_busy(must_create)
        if time.monotonic() < _renewals_put_off_until:
            return  # an import was writing a moment ago: no page waits for it again
        try:
            with _short_busy_wait(router.db_for_write(self.model)):
                super().save()
        except UpdateError as error:
            if not database_busy(error.__context__):
                raise
            _put_off_renewals()

    def _save_or_say_busy(self, must_create: bool):
        """Django reports any failed update as 'session interrupted' (400); a busy
        database is not that, and gets the same 503 as every other write."""
        try:
            return super().save(must_create)
        except UpdateError as error:
            if database_busy(error.__context__):
                raise error.__context__ from None
            raise

    def _only_renewed(self) -> bool:
        return self._before_renewal is not None and self._without_renewal() == self._before_renewal

    def _without_renewal(self) -> dict:
        return {key: value for key, value in self._session.items() if key != RENEWAL_KEY}


def _put_off_renewals() -> None:
    global _renewals_put_off_until
    _renewals_put_off_until = time.monotonic() + RENEWAL_BACKOFF_SECONDS
    logger.info("session renewals put off: the database is busy (an import is writing)")


def _short_busy_wait(alias: str):
    """SQLite: wait RENEWAL_WAIT_MS for the write lock instead of the connection's
    busy timeout (20 s), then put the previous timeout back. PostgreSQL locks rows,
    and an import holds none of the session table's: nothing to change."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return contextlib.nullcontext()
    return sqlite.pragma(connection, "busy_timeout", RENEWAL_WAIT_MS)

"""The hub's SQLite engine: Django's, with fair waiting for the one write lock.

SQLite lets one connection write at a time; the others wait in SQLite's busy handler, which
retries after 1, 2, 5 ... ms and then only every 100 ms. A writer that has waited a while
therefore loses nearly every race to newcomers and, on a busy machine, can give up with
"database is locked" while the database is working normally. Here SQLite waits at most
BUSY_SLICE_MS per attempt and the attempt is then started again, so every waiter polls at the
same rate, until the database's "timeout" (seconds, in OPTIONS) has passed in total.

Only statements outside a transaction are retried, where a busy answer means nothing was
done: a single statement, and the `BEGIN IMMEDIATE` that starts every transaction (it takes
the write lock before the first statement, so nothing inside a transaction waits). When the
timeout is used up the OperationalError goes on, and pages and the API answer 503 "busy, try
again" (core.middleware.BusyDatabaseMiddleware, core.api.hub_exception_handler).
"""

from __future__ import annotations

import time

from django.db.backends.sqlite3 import base

BUSY_SLICE_MS = 50


def is_busy(error: BaseException) -> bool:
    """The write lock stayed taken: nothing was changed, and trying again later may work."""
    return "database is locked" in str(error)


def _until(deadline: float, attempt, *args):
    while True:
        try:
            return attempt(*args)
        except base.Database.OperationalError as error:
            if not is_busy(error) or time.monotonic() >= deadline:
                raise


class RetryingCursorWrapper(base.SQLiteCursorWrapper):
    wrapper: DatabaseWrapper

    def _outside_transaction(self) -> bool:
        return self.wrapper.autocommit and not self.wrapper.in_atomic_block

    def execute(self, query, params=None):
        if self._outside_transaction():
            return _until(self.wrapper.busy_deadline(), super().execute, query, params)
        return super().execute(query, params)

    def executemany(self, query, param_list):
        if self._outside_transaction():
            param_list = list(param_list)  # a generator could not be given twice
            return _until(self.wrapper.busy_deadline(), super().executemany, query, param_list)
        return super().executemany(query, param_list)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.busy_timeout = params.get("timeout", 5.0)
        return params

    def get_new_connection(self, conn_params):
        # The set-up (journal mode and other pragmas) waits with SQLite's own handler.
        conn = super().get_new_connection(conn_params)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_SLICE_MS}")
        return conn

    def busy_deadline(self) -> float:
        return time.monotonic() + self.busy_timeout

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=RetryingCursorWrapper)
        cursor.wrapper = self
        return cursor

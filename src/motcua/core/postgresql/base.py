"""Django's PostgreSQL backend, with the per-request health check made local.

`CONN_HEALTH_CHECKS` keeps a worker from failing a request on a connection the server has
closed (a restart, a failover, `pg_terminate_backend`): Django checks the connection before
the first query of each request with a `SELECT 1`, one round trip on every request
(0.1-0.25 ms of CPU and a wait, a tenth of a public lookup; docs/performance.md). A server
that ends a connection tells the client so (PostgreSQL sends the reason, then closes the
socket), so an idle connection with nothing to read has not been ended by the server: this
backend reads the socket without waiting and runs Django's `SELECT 1` only when there is
something there (or the connection is not idle), closing the connection when that fails as
Django does. What the local check cannot see is a server that vanished without a word (a
host lost with its network): the first query then fails, and Django closes the connection
at the end of that request, as it would without health checks.
"""

from __future__ import annotations

import select

import psycopg
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from psycopg import pq


def quiet(connection: object) -> bool:
    """True if a psycopg connection is idle with nothing from the server waiting to be read:
    the server has not ended it. False when in doubt."""
    pgconn = getattr(connection, "pgconn", None)
    if pgconn is None:
        return False
    try:
        if pgconn.status != pq.ConnStatus.OK:
            return False
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        readable, _, _ = select.select([pgconn.socket], [], [], 0)
    except (OSError, ValueError, psycopg.Error):  # any doubt: Django's full check
        return False
    return not readable


class DatabaseWrapper(PostgresWrapper):
    def close_if_health_check_failed(self) -> None:
        # Django's flags for the check (set in `connect` and at each request's start).
        checking = getattr(self, "health_check_enabled", False) and not getattr(
            self, "health_check_done", True
        )
        if checking and self.connection is not None and not self.pool and quiet(self.connection):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

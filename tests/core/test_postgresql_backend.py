"""The PostgreSQL backend's health check (`motcua.core.postgresql`): no round trip while the
server has said nothing, Django's `SELECT 1` and a new connection once it has ended ours."""

from __future__ import annotations

import select

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the backend is PostgreSQL's (SQLite has none)"
)


def _fresh_request() -> None:
    # What Django does when a request starts: the next query checks the connection again.
    connection.health_check_done = False


@pytest.mark.django_db
def test_a_quiet_connection_is_kept_without_a_round_trip(monkeypatch):
    # given a connection the server has not ended
    assert connection.health_check_enabled
    connection.ensure_connection()
    before = connection.connection

    def round_trip(self: PostgresWrapper) -> bool:
        raise AssertionError("the health check ran SELECT 1 on a quiet connection")

    monkeypatch.setattr(PostgresWrapper, "is_usable", round_trip)
    # when a request's first query checks it
    _fresh_request()
    connection.close_if_health_check_failed()
    # then it is kept, and checked only once for the request
    assert connection.connection is before
    assert connection.health_check_done


def test_a_connection_the_server_ended_is_replaced(master_data_restored, transactional_db):
    # given a connection the server ends (as a restart or pg_terminate_backend does)
    connection.ensure_connection()
    ended = connection.connection
    pid = ended.info.backend_pid
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key not in ("cursor_factory", "context")
    }
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    select.select([ended.pgconn.socket], [], [], 5)
    # when the next request's first query checks it
    _fresh_request()
    connection.close_if_health_check_failed()
    # then it is closed, and the query runs on a new connection
    assert connection.connection is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid

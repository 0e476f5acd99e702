"""Reads that tolerate lag go to the read replica (`MOTCUA_REPLICA_URL`), when there is one.

A report or an export of many rows (the tracking book, the access log, the certificates'
overview) reads inside `lag_tolerant()`: its reads then go to the replica, so a long read
never competes with the counters' work on the primary. Everything else, and every write
wherever it happens, goes to the primary ("default"): a page that shows what was just
saved must read it there. Without a replica the router changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Model

REPLICA = "replica"

_tolerant: ContextVar[bool] = ContextVar("motcua_lag_tolerant", default=False)


@contextmanager
def lag_tolerant() -> Iterator[None]:
    """Within it, reads go to the replica (if configured): for reports and exports only."""
    token = _tolerant.set(True)
    try:
        yield
    finally:
        _tolerant.reset(token)


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Django's database router: the replica for reads inside `lag_tolerant`, the primary
    for everything else; the replica is never migrated."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return REPLICA if _tolerant.get() and has_replica() else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # the replica holds the primary's rows: objects of either relate
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA

"""Helpers for the few hot-path lookups written as SQL (docs/performance.md): the first row
of a raw query, and a timestamp as a raw cursor gives it, made what the ORM would give."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Model
from django.db.models.query import RawQuerySet


def first_row[M: Model](rows: RawQuerySet[M]) -> M | None:
    """The first model a raw query gives, or None (it runs the query)."""
    return next(iter(rows), None)


def cursor_instant(value: datetime | str | None) -> datetime | None:
    """An aware UTC instant from a raw column: PostgreSQL gives one already; SQLite gives
    text, or a naive UTC datetime for a column it knows the type of."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value

"""A page of a staff list read without counting the rows: one row past the page tells
whether a next page exists (lists of the access log, the civil-status register)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.http import urlencode


def page_of(
    rows: QuerySet[Any], page: int, per_page: int, query: Mapping[str, str]
) -> tuple[list[Any], dict[str, object]]:
    """The rows of page `page` (from 1) and what the page shows about it: `page`, `first`
    and `last` row numbers, the previous and next pages' addresses keeping `query` (the
    list's filters), `filtered`."""
    window = list(rows[(page - 1) * per_page : page * per_page + 1])
    kept: dict[str, str | int] = dict(query)
    items = window[:per_page]
    return items, {
        "page": page,
        "first": (page - 1) * per_page + 1,
        "last": (page - 1) * per_page + len(items),
        "previous_url": "?" + urlencode({**kept, "trang": page - 1}) if page > 1 else "",
        "next_url": "?" + urlencode({**kept, "trang": page + 1}) if len(window) > per_page else "",
        "filtered": bool(query),
    }

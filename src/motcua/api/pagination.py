"""`count` / `items` pagination with limit and offset (public contract)."""

from __future__ import annotations

from typing import Any, Protocol

from django.db.models import QuerySet
from ninja import Schema

from .problems import Problem

MAX_LIMIT = 500


class PageParams(Schema):
    limit: int = 100
    offset: int = 0


class Rows(Protocol):
    """What a page is cut from: a QuerySet, or `dossiers.queries.ListRows`."""

    def count(self) -> int: ...
    def __getitem__(self, window: slice, /) -> Any: ...


def paginate(queryset: QuerySet[Any] | Rows, params: PageParams) -> dict[str, Any]:
    if params.limit < 1 or params.limit > MAX_LIMIT:
        raise Problem(422, f"limit phải từ 1 đến {MAX_LIMIT}.")
    if params.offset < 0:
        raise Problem(422, "offset không được âm.")
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": list(queryset[params.offset : params.offset + params.limit]),
    }

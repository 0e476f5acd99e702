"""`count` / `items` pagination with limit and offset (public contract). A list that stops
counting (a name search past `dossiers.listing.COUNT_CAP`) says so with `count_capped`:
`count` is then a lower bound, and the items are still the list's."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from .numbers import Natural
from .problems import Problem

MAX_LIMIT = 500


class PageParams(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: Natural = 0


@runtime_checkable
class Rows(Protocol):
    """What a page is cut from besides a QuerySet: `dossiers.listing.ListRows`, which
    reads the count and the window together where it can, and tells a count that
    stopped at its cap (`capped`)."""

    def page(self, start: int, stop: int, /) -> tuple[int, list[Any]]: ...

    def capped(self, count: int, /) -> bool: ...


def paginate(queryset: QuerySet[Any] | Rows, params: PageParams) -> dict[str, Any]:
    if params.limit < 1 or params.limit > MAX_LIMIT:
        raise Problem(422, f"limit phải từ 1 đến {MAX_LIMIT}.")
    if params.offset < 0:
        raise Problem(422, "offset không được âm.")
    stop = params.offset + params.limit
    capped = False
    if isinstance(queryset, Rows):
        count, items = queryset.page(params.offset, stop)
        capped = queryset.capped(count)
    else:
        count, items = queryset.count(), list(queryset[params.offset : stop])
    return {
        "count": count,
        "count_capped": capped,
        "limit": params.limit,
        "offset": params.offset,
        "items": items,
    }

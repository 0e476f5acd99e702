"""Reads of the working calendar: the `Calendar` of a province, built from the database."""

from __future__ import annotations

import threading
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max

from motcua.units.choices import Level
from motcua.units.models import Unit

from .deadlines import Calendar
from .models import CalendarOverride, OfficeHours

# The calendar of each province this process built, with the version of the rows it was
# built from (see `calendar_version`). Each process keeps its own; a change made anywhere
# (actions, admin, another process, a direct ORM write, a rolled-back transaction) changes
# the version, so no process answers from an out-of-date calendar.
Version = tuple[int, datetime | None, int, datetime | None] | None
_cache: dict[str, tuple[Version, Calendar]] = {}
_cache_lock = threading.Lock()


def calendar_version(province: str) -> Version:
    """The version of a province's calendar rows: how many office hours and overrides it
    has, and the newest `updated_at` of each (two aggregates on the tables' province index).

    Every save of a row bumps its `updated_at` (auto_now: actions and admin save through the
    models) and every delete changes a count, so a change to either table changes the version.
    It runs in every intake and lifecycle action.
    """
    hours = OfficeHours.objects.filter(province_id=province).aggregate(
        count=Count("pk"), newest=Max("updated_at")
    )
    overrides = CalendarOverride.objects.filter(province_id=province).aggregate(
        count=Count("pk"), newest=Max("updated_at")
    )
    return (hours["count"], hours["newest"], overrides["count"], overrides["newest"])


def _load(code: str) -> tuple[Version, Calendar]:
    """The province's calendar from its rows (two queries), and the version of those rows."""
    hours = list(OfficeHours.objects.filter(province_id=code))
    overrides = list(CalendarOverride.objects.filter(province_id=code))
    version = (
        len(hours),
        max((row.updated_at for row in hours), default=None),
        len(overrides),
        max((row.updated_at for row in overrides), default=None),
    )
    calendar = Calendar(
        code,
        office_hours=[row.to_rule() for row in hours],
        overrides=[row.to_override() for row in overrides],
    )
    return version, calendar


def calendar_for(province: str | None = None, *, version: Version = None) -> Calendar:
    """The working calendar of `province` (default: the installation's MOTCUA_PROVINCE).

    Two queries load the province's office hours and all its overrides once; the returned
    `Calendar` then answers any number of due-time questions without touching the database,
    so a caller computing many deadlines builds it once and reuses it.

    The process keeps the calendar it built: a later call checks with one cheap statement
    (`calendar_version`) that the rows have not changed, whoever changed them (the actions
    here, the admin, another process, a direct write, a rolled-back transaction), and
    rebuilds it if they have. A caller that read the version in the same transaction
    (`calendar_version`) passes it as `version`. The workcal actions also forget it
    at once (`forget_calendar`). Calendars hold no database state, so sharing one is safe.
    """
    code = province or settings.MOTCUA_PROVINCE
    cached = _cache.get(code)
    if cached is not None and cached[0] == (version or calendar_version(code)):
        return cached[1]
    built_from, calendar = _load(code)
    with _cache_lock:
        _cache[code] = (built_from, calendar)
    return calendar


def forget_calendar(province: str) -> None:
    """Drop the province's cached calendar in this process (after a change to its rows)."""
    with _cache_lock:
        _cache.pop(province, None)


def clear_calendar_cache() -> None:
    """Forget every cached calendar (the next `calendar_for` rebuilds)."""
    with _cache_lock:
        _cache.clear()


def is_province(code: str) -> bool:
    """Whether `code` is the code of a province in the units table."""
    return Unit.objects.filter(code=code, level=Level.PROVINCE).exists()

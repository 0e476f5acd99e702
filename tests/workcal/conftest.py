"""Fixtures for the working calendar: pure calendars (no database) and aware instants."""

from __future__ import annotations

from datetime import datetime

import pytest

from motcua.workcal.deadlines import TZ, Calendar


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware instant in Asia/Ho_Chi_Minh."""
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def national() -> Calendar:
    """Phú Thọ's calendar with the default office hours and no province overrides."""
    return Calendar("25")

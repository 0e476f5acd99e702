"""Timeliness of a settled dossier: early, on time or late (DOMAIN.md; Decision 766/QĐ-TTg)."""

from __future__ import annotations

from datetime import datetime

from motcua.workcal.deadlines import TZ

from .choices import Timeliness
from .models import Dossier


def timeliness_of(finished_at: datetime, due_at: datetime | None) -> str | None:
    """Early (a day before the due day or sooner), on time, or late; None without a due time."""
    if due_at is None:
        return None
    if finished_at > due_at:
        return Timeliness.LATE
    if finished_at.astimezone(TZ).date() < due_at.astimezone(TZ).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def timeliness_at_finish(dossier: Dossier, finished_at: datetime) -> str | None:
    """The dossier's timeliness when settled (DOMAIN.md; Decision 766/QĐ-TTg).

    `due_at` already excludes suspended time (shifted on supplement); a dossier with more
    than one supplement request counts late whatever its finish time.
    """
    if dossier.supplement_count > 1:
        return Timeliness.LATE
    return timeliness_of(finished_at, dossier.due_at)

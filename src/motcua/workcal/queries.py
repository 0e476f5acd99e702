"""Reads of the working calendar: the `Calendar` of a province, built from the database."""

from __future__ import annotations

from django.conf import settings

from motcua.units.choices import Level
from motcua.units.models import Unit

from .deadlines import Calendar
from .models import CalendarOverride, OfficeHours


def calendar_for(province: str | None = None) -> Calendar:
    """The working calendar of `province` (default: the installation's MOTCUA_PROVINCE).

    Two queries load the province's office hours and all its overrides once; the returned
    `Calendar` then answers any number of due-time questions without touching the database,
    so a caller computing many deadlines builds it once and reuses it.
    """
    code = province or settings.MOTCUA_PROVINCE
    rules = [row.to_rule() for row in OfficeHours.objects.filter(province_id=code)]
    overrides = [row.to_override() for row in CalendarOverride.objects.filter(province_id=code)]
    return Calendar(code, office_hours=rules, overrides=overrides)


def is_province(code: str) -> bool:
    """Whether `code` is the code of a province in the units table."""
    return Unit.objects.filter(code=code, level=Level.PROVINCE).exists()

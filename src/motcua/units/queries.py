"""Reads of units and agencies shared by API, pages and commands."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from motcua.core.text import search_terms

from .choices import Level
from .models import Agency, Unit


def units_list(
    *, province: str | None = None, level: str | None = None, q: str | None = None
) -> QuerySet[Unit]:
    """Active units, filtered by province, level and a diacritic-free name query."""
    units = Unit.objects.filter(is_active=True)
    if province:
        province = province.zfill(2)
        units = (
            units.filter(parent_id=province)
            if level == Level.COMMUNE
            else units.filter(code=province) | units.filter(parent_id=province)
        )
    if level:
        units = units.filter(level=level)
    for term in search_terms(q or ""):
        units = units.filter(name_folded__contains=term)
    return units.order_by("code")


def province_communes() -> list[Unit]:
    """The province's active communes by name (code and name only): where a dossier may be
    filed, online or at any counter (phi địa giới)."""
    return list(
        Unit.objects.filter(parent_id=settings.MOTCUA_PROVINCE, level=Level.COMMUNE, is_active=True)
        .only("code", "name")
        .order_by("name_folded", "code")
    )


def unit_with_agencies(code: str) -> Unit | None:
    """One unit with its active agencies prefetched, or None."""
    code = code.zfill(5) if len(code) > 2 else code.zfill(2)
    return (
        Unit.objects.filter(code=code)
        .prefetch_related(_active_agencies())
        .select_related("parent")
        .first()
    )


def _active_agencies():
    from django.db.models import Prefetch

    return Prefetch(
        "agencies",
        queryset=Agency.objects.filter(is_active=True).order_by("kind"),
        to_attr="active_agencies",
    )


def psc_of(unit: Unit) -> Agency | None:
    """The Public Administrative Service Centre of a commune (it receives dossiers)."""
    return Agency.objects.filter(unit=unit, kind="psc", is_active=True).first()

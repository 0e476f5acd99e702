"""Reads of the procedure catalog shared by the API, pages, admin and dossiers."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet

from motcua.core.sql import OneRow, one_row
from motcua.core.text import search_terms

from .models import Procedure, ProcedureVersion


def procedures_list(
    *, q: str | None = None, field: str | None = None
) -> QuerySet[ProcedureVersion]:
    """Current versions of active procedures, ordered by code.

    `q` matches every word, diacritics and case ignored, against the name or the code
    ("dang ky khai sinh" finds "Đăng ký khai sinh"; "1.0011" finds 1.001193). `field`
    is the exact field name ("Hộ tịch"). The e-form schema, the heaviest column, is not
    loaded: a list never needs it.
    """
    versions = (
        ProcedureVersion.objects.filter(is_current=True, procedure__is_active=True)
        .select_related("procedure")
        .defer("form_schema")
    )
    if field:
        versions = versions.filter(field=field)
    for term in search_terms(q or ""):
        versions = versions.filter(
            Q(name_folded__contains=term) | Q(procedure__code__contains=term)
        )
    return versions.order_by("procedure__code")


def procedure_version(code: str, *, number: int | None = None) -> ProcedureVersion | None:
    """The current version of procedure `code`, or its version `number`; None if absent.

    An old version stays readable even when the procedure is no longer active, because
    dossiers refer to it.
    """
    versions = ProcedureVersion.objects.filter(procedure__code=code).select_related("procedure")
    if number is None:
        return versions.filter(is_current=True).first()
    return versions.filter(number=number).first()


def live_version(code: str) -> ProcedureVersion | None:
    """The current version of the active procedure `code`, or None, for every intake.

    One small statement finds which version is current (and that the procedure is active);
    its content comes from this process's copy, read once: a published version never
    changes (`ProcedureVersion.save`), and the copy is keyed by the version's id and content
    hash, so a different row can never be answered from it. Each caller gets its own copy.
    The intake runs the statement together with its other lookups (`live_version_lookup`).
    """
    return one_row(live_version_lookup(code))


def live_version_lookup(code: str) -> OneRow[ProcedureVersion | None]:
    """`live_version` as a lookup to run with others in one statement (`core.sql`)."""

    def read(row: Sequence[Any] | None) -> ProcedureVersion | None:
        if row is None:
            return None
        key: tuple[int, str, int, str] = (row[0], row[1], row[2], code)
        version = _published.get(key)
        if version is None:
            version = ProcedureVersion.objects.select_related("procedure").get(pk=row[0])
            _published[key] = version
        return copy.copy(version)

    return OneRow(_LIVE_VERSION_SQL, [code], 3, read)


def _live_version_sql() -> str:
    versions, procedures = ProcedureVersion._meta.db_table, Procedure._meta.db_table
    return (
        f"SELECT v.id, v.content_hash, p.id FROM {versions} v"  # noqa: S608
        f" INNER JOIN {procedures} p ON p.id = v.procedure_id"
        " WHERE p.code = %s AND v.is_current AND p.is_active"
    )


_LIVE_VERSION_SQL = _live_version_sql()
# Published versions read by `live_version`, by (id, content hash, procedure id, code).
_published: dict[tuple[int, str, int, str], ProcedureVersion] = {}


def procedure_history(code: str) -> QuerySet[ProcedureVersion]:
    """Every version of procedure `code`, oldest first (no heavy JSON loaded)."""
    return (
        ProcedureVersion.objects.filter(procedure__code=code)
        .select_related("procedure")
        .only(
            "number",
            "is_current",
            "name",
            "change_note",
            "published_by",
            "created_at",
            "content_hash",
            "procedure__code",
        )
        .order_by("number")
    )


def current_version(procedure: Procedure) -> ProcedureVersion | None:
    """The current version of a procedure object."""
    return procedure.versions.filter(is_current=True).first()


def procedure_fields() -> list[str]:
    """The fields (lĩnh vực) of the current catalog, for filters."""
    return sorted(
        set(
            ProcedureVersion.objects.filter(is_current=True, procedure__is_active=True)
            .values_list("field", flat=True)
            .distinct()
        )
    )

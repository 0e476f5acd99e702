"""Reads of the procedure catalog shared by the API, pages, admin and dossiers."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from motcua.core.text import index_words

from .models import Procedure, ProcedureVersion

# Words that say how a person asks, not what for ("làm giấy khai sinh cho con"): left out of
# the words every match must hold, unless the query has nothing else.
QUERY_FILLER = frozenset(
    {"lam", "cho", "cua", "toi", "xin", "can", "muon", "the", "nao", "o", "dau", "thu", "tuc"}
)


# What a procedure code or a part of one looks like ("1.0011").
CODE_PART = re.compile(r"[0-9][0-9.]*")


def finder_terms(query: str) -> list[str]:
    """The folded words of a finder query that a procedure must all hold (`QUERY_FILLER`
    left out, unless nothing else is left)."""
    terms = index_words(query).split()
    meant = [term for term in terms if term not in QUERY_FILLER]
    return meant or terms


def procedures_list(
    *, q: str | None = None, field: str | None = None
) -> QuerySet[ProcedureVersion]:
    """Current versions of active procedures, ordered by code; with `q`, best match first.

    `q` is what a person types, diacritics and case ignored: every word (filler such as
    "làm", "cho" left out, `finder_terms`) must be a whole word of the procedure's index
    (`Procedure.search_folded`: its name, field, documents, results and everyday words):
    "giay khai sinh" and "lam giay khai sinh cho con" find 1.001193. A code or the start
    of one ("1.0011") finds procedures by code. Procedures whose everyday words hold the
    whole query come first, then those whose name holds it, then the others by code.
    `field` is the exact field name ("Hộ tịch"). The e-form schema, the heaviest column,
    is not loaded: a list never needs it.
    """
    versions = (
        ProcedureVersion.objects.filter(is_current=True, procedure__is_active=True)
        .select_related("procedure")
        .defer("form_schema")
    )
    if field:
        versions = versions.filter(field=field)
    query = (q or "").strip()
    if CODE_PART.fullmatch(query):
        return versions.filter(procedure__code__contains=query).order_by("procedure__code")
    terms = finder_terms(query)
    for term in terms:
        # whole words: "con" (child) is not "công"
        versions = versions.filter(procedure__search_folded__contains=f" {term} ")
    if not terms:
        return versions.order_by("procedure__code")
    phrase, meant = index_words(query), " ".join(terms)
    rank = Case(
        When(procedure__everyday_folded__contains=phrase, then=Value(0)),
        When(procedure__everyday_folded__contains=meant, then=Value(1)),
        When(name_folded__contains=meant, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return versions.alias(rank=rank).order_by("rank", "procedure__code")


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
    """
    live = ProcedureVersion.objects.filter(
        procedure__code=code, is_current=True, procedure__is_active=True
    )
    return _published_copy(code, live.values_list("id", "content_hash", "procedure_id").first())


def _published_copy(code: str, row: Sequence[Any] | None) -> ProcedureVersion | None:
    """This process's copy of the published version (id, content hash, procedure id)."""
    if row is None:
        return None
    key: tuple[int, str, int, str] = (row[0], row[1], row[2], code)
    version = _published.get(key)
    if version is None:
        version = ProcedureVersion.objects.select_related("procedure").get(pk=row[0])
        _published[key] = version
    return copy.copy(version)


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

"""Writes of the procedure catalog: create a procedure, publish a version, load the catalog.

Versions are append-only (invariant 2 of ARCHITECTURE.md): every change publishes a new
version and only flips `is_current` on the old one, which otherwise stays as it was, so a
dossier that snapshotted it keeps what governed it at receipt.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from motcua.core.text import fold, index_words

from .content import ContentError, check_content, normalize_content
from .models import CODE_REGEX, Procedure, ProcedureVersion


class CatalogError(ValueError):
    """A catalog write that breaks a rule; the message is Vietnamese, for the user."""


@dataclass
class LoadReport:
    """What `load_catalog` changed, for the command's output."""

    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _actor_name(actor: Any) -> str:
    if actor is None:
        return ""
    get_username = getattr(actor, "get_username", None)
    return str(get_username() if callable(get_username) else actor)[:150]


@transaction.atomic
def publish_version(
    procedure: Procedure, *, actor: Any = None, change_note: str = "", **changes: Any
) -> ProcedureVersion:
    """Publish the current content with `changes` applied as a new current version.

    Content not named in `changes` is carried over from the current version (a procedure
    without versions needs all required content). When the result equals the current
    content, nothing is written and the current version is returned: publishing is
    idempotent. The old version only stops being current; it is never modified.
    Raises `ContentError` when the content is not publishable.
    """
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    current = locked.versions.filter(is_current=True).first()
    base = current.content() if current else {}
    values = normalize_content(copy.deepcopy({**base, **changes}))
    check_content(values)
    candidate = ProcedureVersion(procedure=locked, name_folded=fold(values["name"]), **values)
    if current is not None and current.content_hash == candidate.compute_hash():
        return current
    last = locked.versions.aggregate(last=Max("number"))["last"] or 0
    if current is not None:
        # A queryset update touches only `is_current`; the old row's content stays as it was.
        ProcedureVersion.objects.filter(pk=current.pk).update(is_current=False)
    candidate.number = last + 1
    candidate.is_current = True
    candidate.change_note = change_note[:500]
    candidate.published_by = _actor_name(actor)
    candidate.save()
    index_procedure(locked, candidate)
    return candidate


# Between the parts of the finder's index, so that a phrase never spans two of them.
INDEX_SEPARATOR = " | "


def index_procedure(procedure: Procedure, version: ProcedureVersion | None = None) -> None:
    """Rebuild the finder's index of a procedure from its current `version` and its
    everyday words: `search_folded` holds the words (`core.text.index_words`) of the name,
    the field, each required document's and result's name and each everyday phrase, with a
    space on each side; `everyday_folded` the everyday phrases apart (`INDEX_SEPARATOR`),
    for ranking. Called whenever either changes."""
    if version is None:
        version = procedure.versions.filter(is_current=True).first()
    words = [index_words(str(word)) for word in procedure.everyday_words]
    parts = [*words]
    if version is not None:
        parts += [version.name, version.field]
        parts += [str(doc.get("name", "")) for doc in version.required_documents]
        parts += [str(doc.get("name", "")) for doc in version.result_documents]
    procedure.everyday_folded = INDEX_SEPARATOR.join(word for word in words if word)
    # padded with spaces so that a whole word is found as " word "
    procedure.search_folded = f" {' '.join(index_words(part) for part in parts)} "
    procedure.save(update_fields=["everyday_folded", "search_folded", "updated_at"])


def set_everyday_words(procedure: Procedure, words: Iterable[str]) -> Procedure:
    """Set the everyday words people use for a procedure (search aid, not content: no
    version is published) and reindex it."""
    cleaned = [" ".join(str(word).split())[:200] for word in words if str(word).strip()]
    if cleaned != procedure.everyday_words:
        procedure.everyday_words = cleaned
        procedure.save(update_fields=["everyday_words", "updated_at"])
    index_procedure(procedure)
    return procedure


@transaction.atomic
def create_procedure(
    code: str, *, actor: Any = None, change_note: str = "", **content: Any
) -> ProcedureVersion:
    """Create a procedure by its national code with its first version; returns version 1."""
    if not re.fullmatch(CODE_REGEX, code):
        raise CatalogError(f"Mã thủ tục '{code}' không đúng dạng N.NNNNNN (ví dụ 1.001193).")
    if Procedure.objects.filter(code=code).exists():
        raise CatalogError(f"Đã có thủ tục mã {code}.")
    procedure = Procedure.objects.create(code=code)
    return publish_version(
        procedure, actor=actor, change_note=change_note or "Ban hành lần đầu", **content
    )


@transaction.atomic
def load_catalog(
    entries: Iterable[Mapping[str, Any]] | None = None, *, actor: Any = None
) -> LoadReport:
    """Load procedures from `entries` (default: the bundled `catalog/data/procedures.py`).

    Idempotent: a procedure is created when missing; a new version is published only when
    an entry's content differs from the current version; re-running changes nothing. An
    entry's `everyday_words` (default: `data/everyday_words.py` for its code) are the
    finder's search aid, set on the procedure and indexed, never published as content.
    Procedures absent from the entries are left alone. All or nothing: one bad entry
    rolls back the whole load, with the procedure code in the error.
    """
    from .data.everyday_words import EVERYDAY_WORDS

    if entries is None:
        from .data.procedures import PROCEDURES

        entries = PROCEDURES
    entries = list(entries)
    codes = [str(entry.get("code", "")) for entry in entries]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise CatalogError(f"Mã thủ tục bị lặp trong dữ liệu: {', '.join(duplicates)}.")
    existing = {procedure.code: procedure for procedure in Procedure.objects.filter(code__in=codes)}
    report = LoadReport()
    for entry in entries:
        code = str(entry.get("code", ""))
        try:
            # The entry is the whole content: missing optional fields take their defaults
            # rather than being carried over from the current version.
            words = entry.get("everyday_words", EVERYDAY_WORDS.get(code, []))
            content = normalize_content(
                {k: v for k, v in entry.items() if k not in {"code", "everyday_words"}}
            )
            procedure = existing.get(code)
            if procedure is None:
                version = create_procedure(code, actor=actor, change_note="Nạp danh mục", **content)
                set_everyday_words(version.procedure, words)
                report.created.append(code)
                continue
            previous = procedure.versions.filter(is_current=True).values_list("pk", flat=True)
            previous_pk = previous.first()
            version = publish_version(
                procedure, actor=actor, change_note="Cập nhật từ dữ liệu danh mục", **content
            )
            set_everyday_words(procedure, words)
        except ContentError as error:
            raise ContentError(
                [f"Thủ tục {code}: {message}" for message in error.errors]
            ) from error
        (report.unchanged if version.pk == previous_pk else report.new_versions).append(code)
    return report

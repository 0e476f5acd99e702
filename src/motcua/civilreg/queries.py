"""Reads of the civil-status register that more than one caller needs."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from .choices import EntryStatus
from .models import Book, Entry


@dataclass(frozen=True)
class BookCounts:
    """What a book's year-end summary records (Circular 04/2020/TT-BTP)."""

    entries: int
    corrections: int
    void_entries: int


def book_counts(book: Book) -> BookCounts:
    """Entries of `book` (void ones included: their numbers are used), how many of them a
    standing amendment changed, and how many were voided."""
    counts = book.entries.aggregate(
        entries=Count("pk"), void_entries=Count("pk", filter=Q(status=EntryStatus.VOID))
    )
    corrected = (
        Entry.objects.filter(
            book=book, amendments__status=EntryStatus.ACTIVE, status=EntryStatus.ACTIVE
        )
        .distinct()
        .count()
    )
    return BookCounts(
        entries=counts["entries"], corrections=corrected, void_entries=counts["void_entries"]
    )


@dataclass(frozen=True)
class Content:
    """An entry as it stands: its registered data with every standing correction applied,
    and the notes the law asks an extract to carry about them (Circular 04/2020)."""

    data: dict[str, Any]
    notes: list[str]


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = data
    for key in parents:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[leaf] = value


def current_content(entry: Entry) -> Content:
    """The entry's content today: the registered data (never rewritten) with the `changes`
    ({"child.full_name": "..."}) of each standing amendment applied in registration order."""
    data = copy.deepcopy(entry.data)
    notes = []
    amendments = entry.amendments.filter(status=EntryStatus.ACTIVE).select_related("book")
    for amendment in amendments.order_by("registered_at", "pk"):
        for path, value in (amendment.data.get("changes") or {}).items():
            _set_path(data, path, value)
        day = timezone.localtime(amendment.registered_at)
        reason = amendment.data.get("reason") or "thay đổi, cải chính hộ tịch"
        notes.append(
            f"Đã {reason[0].lower()}{reason[1:]} theo Số {amendment.number}, "
            f"Quyển số {amendment.book.label}, ngày {day:%d/%m/%Y}."
        )
    return Content(data=data, notes=notes)


def entry_of_dossier(dossier_id: int) -> Entry | None:
    """The standing entry a dossier's approval registered (None if it registered none)."""
    return (
        Entry.objects.filter(dossier_id=dossier_id, status=EntryStatus.ACTIVE, amends=None)
        .select_related("book", "unit")
        .order_by("-pk")
        .first()
    )

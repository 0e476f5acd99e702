"""Reads of the civil-status register that more than one caller needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

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

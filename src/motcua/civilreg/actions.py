"""Writes of the civil-status register: register an entry in its book, void one made in
error, close a book and record its year-end summary.

Numbers run from 1 through the year for a commune's kind of act, continuing in the next
book when the registrar closes one before the year ends. They are given here, on the server,
in the registering transaction (the offline counter
receives dossiers, never entries): the book's row is locked (SELECT ... FOR UPDATE on
PostgreSQL; SQLite serialises every write transaction) and its `last_number` raised, so a
rolled-back registration gives its number back and a book's numbers run without holes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from motcua.core.text import fold
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

from .choices import BookKind, EntryStatus, PersonalIdState
from .models import Book, Entry, YearEndSummary
from .queries import book_counts


class RegisterError(Exception):
    """A registration or change the register refuses; the message is Vietnamese, for the user."""


def _year_of(moment: datetime) -> int:
    """The calendar year of `moment` in Vietnam: a book's year is the local one."""
    return timezone.localtime(moment).year


def locked_open_book(unit: Unit, kind: str, year: int, *, at: datetime) -> Book:
    """The book of `unit` and `kind` that takes the year's next entry, locked for this
    transaction: the year's last book unless it was closed, else a new one numbered after it.
    A book of a past year is never written to (it closed on 31 December)."""
    if not connection.in_atomic_block:
        raise RuntimeError("Số đăng ký hộ tịch chỉ được lấy trong một giao dịch.")
    for _ in range(3):
        book = (
            Book.objects.select_for_update()
            .filter(unit=unit, kind=kind, year=year)
            .order_by("-number")
            .first()
        )
        if book is not None and not book.is_closed:
            return book
        try:
            # A savepoint: losing the race to open the book leaves the outer transaction
            # usable; the loop then locks the winner's book.
            with transaction.atomic():
                return Book.objects.create(
                    unit=unit,
                    kind=kind,
                    year=year,
                    number=(book.number + 1) if book is not None else 1,
                    # The year's numbering goes on in the next book (Circular 04/2020).
                    last_number=book.last_number if book is not None else 0,
                    opened_at=at,
                )
        except IntegrityError:
            continue
    raise RuntimeError("Không mở được sổ hộ tịch; hãy thử lại.")


@transaction.atomic
def register_entry(
    *,
    unit: Unit,
    kind: str,
    data: dict[str, Any],
    subject_name: str,
    actor: User | None,
    subject_birth_date: date | None = None,
    personal_id: str = "",
    personal_id_state: str = PersonalIdState.NOT_APPLICABLE,
    dossier: Dossier | None = None,
    amends: Entry | None = None,
    at: datetime | None = None,
) -> Entry:
    """Write one act in this year's book of its kind with the book's next number.

    `at` is the registration time (now by default); the book is the one of its local year.
    An amendment (`amends`) goes in the change book and names the entry it changes, which is
    never rewritten.
    """
    if kind not in BookKind.values:
        raise RegisterError(f"Loại sổ hộ tịch không hợp lệ: {kind}.")
    if not subject_name.strip():
        raise RegisterError("Thiếu họ tên người được đăng ký.")
    if amends is not None:
        if kind != BookKind.CHANGE:
            raise RegisterError("Việc thay đổi, cải chính được ghi vào Sổ thay đổi, cải chính.")
        # Locked as it stands now, so a void and an amendment of one entry cannot cross.
        amends = Entry.objects.select_for_update().get(pk=amends.pk)
        if amends.is_void:
            raise RegisterError("Không thể thay đổi, cải chính một mục đã hủy.")
    moment = at or timezone.now()
    book = locked_open_book(unit, kind, _year_of(moment), at=moment)
    book.last_number += 1
    if book.opened_at is None:
        book.opened_at = moment
    book.save(update_fields=["last_number", "opened_at", "updated_at"])
    return Entry.objects.create(
        book=book,
        number=book.last_number,
        unit=unit,
        kind=kind,
        year=book.year,
        registered_at=moment,
        registered_by=actor,
        dossier=dossier,
        data=data,
        subject_name=subject_name.strip(),
        subject_name_folded=fold(subject_name),
        subject_birth_date=subject_birth_date,
        personal_id=personal_id,
        personal_id_state=personal_id_state,
        amends=amends,
    )


@transaction.atomic
def void_entry(entry: Entry, *, reason: str, actor: User) -> Entry:
    """Mark an entry made in error void (hủy mục ghi nhầm), with the reason: the entry and
    its number stay in the book and the year-end summary counts it."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_void:
        raise RegisterError(f"Mục số {entry.number} đã được hủy trước đó.")
    if not reason.strip():
        raise RegisterError("Lý do hủy: bắt buộc nhập.")
    if entry.amendments.filter(status=EntryStatus.ACTIVE).exists():
        raise RegisterError(
            f"Mục số {entry.number} đã có thay đổi, cải chính còn hiệu lực; hủy các mục đó trước."
        )
    entry.status = EntryStatus.VOID
    entry.void_reason = reason.strip()
    entry.voided_at = timezone.now()
    entry.voided_by = actor
    entry.save(update_fields=["status", "void_reason", "voided_at", "voided_by", "updated_at"])
    return entry


@transaction.atomic
def close_book(book: Book, *, actor: User | None, at: datetime | None = None) -> YearEndSummary:
    """Close a book (khóa sổ) and record its summary: when the registrar ends it early (the
    next entry of the year opens the next book) or at year end (`close_year`)."""
    book = Book.objects.select_for_update().get(pk=book.pk)
    if book.is_closed:
        raise RegisterError(f"{book} đã được khóa sổ.")
    book.closed_at = at or timezone.now()
    book.closed_by = actor
    book.save(update_fields=["closed_at", "closed_by", "updated_at"])
    counts = book_counts(book)
    numbers = book.entries.aggregate(first=Min("number"), last=Max("number"))
    return YearEndSummary.objects.create(
        book=book,
        entries=counts.entries,
        corrections=counts.corrections,
        void_entries=counts.void_entries,
        first_number=numbers["first"],
        last_number=numbers["last"],
        recorded_by=actor,
    )


@transaction.atomic
def close_year(unit: Unit, year: int, *, actor: User | None) -> list[YearEndSummary]:
    """Close every book of `unit` still open for `year` (on or after 31 December), each with
    its summary, all or none; books already closed keep theirs. Refused before the year has
    ended."""
    if timezone.localdate() < date(year, 12, 31):
        raise RegisterError(f"Chỉ khóa sổ năm {year} từ ngày 31/12/{year} trở đi.")
    summaries = []
    for book in Book.objects.filter(unit=unit, year=year, closed_at__isnull=True):
        summaries.append(close_book(book, actor=actor))
    return summaries

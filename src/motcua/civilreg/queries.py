"""Reads of the civil-status register that more than one caller needs."""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.queries import AnyUser, has_role, scope_filter
from motcua.core.request_address import request_address
from motcua.core.text import fold, search_terms
from motcua.units.models import Unit

from .choices import EntryStatus
from .models import Book, Entry, EntryAccess, ExtractIssue

access_log = logging.getLogger("motcua.civilreg.access")
# An entry number as written on an extract: "125" or "125/2025".
ENTRY_NUMBER = re.compile(r"^\s*(\d{1,7})\s*(?:/\s*(\d{4}))?\s*$")


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


def extract_of_dossier(dossier_id: int) -> ExtractIssue | None:
    """The extract a dossier's approval issued from the register (None if none)."""
    return (
        ExtractIssue.objects.filter(dossier_id=dossier_id)
        .select_related("entry__book", "entry__unit")
        .first()
    )


def find_entry(
    *, unit: Unit, kind: str, name: str, number: int | None, year: int | None
) -> list[Entry]:
    """The standing entries of the province's register of `kind` for the person `name`
    (folded: diacritics and case ignored), narrowed by entry number and year when given:
    what a request for a copy of an extract names (procedure 2.000635). Where several
    communes hold such an entry, the one of `unit` (where the request was made) is taken
    if it holds one; otherwise all are returned (up to two: enough to say "several")."""
    entries = Entry.objects.filter(
        unit__parent_id=unit.parent_id,
        kind=kind,
        status=EntryStatus.ACTIVE,
        subject_name_folded=fold(name),
    )
    if number is not None:
        entries = entries.filter(number=number)
    if year is not None:
        entries = entries.filter(year=year)
    found = list(entries.select_related("book", "unit").order_by("-registered_at")[:2])
    if len(found) > 1:
        here = list(entries.filter(unit=unit).select_related("book", "unit")[:2])
        if len(here) == 1:
            return here
    return found


# Who reads the register: the registrar, the counter (copies, look-ups), the leaders who
# sign extracts, and the commune's and province's administrators.
READERS = (
    Role.REGISTRAR,
    Role.COUNTER,
    Role.LEADER,
    Role.COMMUNE_ADMIN,
    Role.PROVINCE_SUPERVISOR,
    Role.PROVINCE_ADMIN,
)
# The unit's entries whose registration and standing a list row shows.
LIST_FIELDS = (
    "kind",
    "year",
    "number",
    "registered_at",
    "subject_name",
    "subject_birth_date",
    "personal_id",
    "personal_id_state",
    "status",
    "book__number",
    "book__year",
    "unit__name",
)


# What anyone else is told, on the pages and in the API.
NOT_A_READER = "Sổ hộ tịch chỉ dành cho công chức hộ tịch, bộ phận một cửa, lãnh đạo và quản trị."


def may_read_register(user: AnyUser) -> bool:
    """True for the officials who may read the civil-status register (`READERS`)."""
    return has_role(user, *READERS)


def entries_for(user: AnyUser) -> QuerySet[Entry]:
    """The entries of the communes in the user's scope (invariant 6), none for a user who
    may not read the register."""
    if not may_read_register(user):
        return Entry.objects.none()
    return scope_filter(Entry.objects.all(), user)


def search_entries(
    user: AnyUser, *, q: str = "", kind: str = "", year: int | None = None
) -> QuerySet[Entry]:
    """The user's entries matching every word of `q` in the person's folded name, or an
    entry number ("125" or "125/2025"), of `kind` and `year` when given; newest first."""
    entries = entries_for(user)
    written = ENTRY_NUMBER.match(q)
    if written:
        entries = entries.filter(number=int(written.group(1)))
        if written.group(2):
            entries = entries.filter(year=int(written.group(2)))
    else:
        for word in search_terms(q):
            entries = entries.filter(subject_name_folded__contains=word)
    if kind:
        entries = entries.filter(kind=kind)
    if year is not None:
        entries = entries.filter(year=year)
    return (
        entries.select_related("book", "unit")
        .only(*LIST_FIELDS, "book_id", "unit_id")
        .order_by("-registered_at", "-pk")
    )


def entry_for(user: AnyUser, pk: int) -> Entry | None:
    """The entry `pk` if it is in the user's scope (else None: absent and out of scope look
    the same), with what its page shows."""
    return (
        entries_for(user)
        .select_related("book", "unit", "registered_by", "voided_by", "dossier", "amends__book")
        .filter(pk=pk)
        .first()
    )


def log_entry_opened(user: AnyUser, entry: Entry) -> None:
    """Record that an official opened the entry's full record (invariant 8)."""
    if user.pk is None:
        return
    EntryAccess.objects.create(entry=entry, user_id=user.pk, address=request_address())
    access_log.info("user=%s opened civil entry %s", user.pk, entry.pk)

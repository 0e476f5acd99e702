"""Civil-status register endpoints (issue 26, part 9): `/api/v1/civil-registry/entries`
(search the books of the communes in the caller's scope, paginated), `POST .../entries/search`
(by personal ID number, kept out of URLs and logs) and `.../entries/{id}` (one entry as it
stands, each reading logged like the page's). For the register's readers only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from motcua.civilreg.choices import BookKind
from motcua.civilreg.models import Entry
from motcua.civilreg.queries import (
    NOT_A_READER,
    Content,
    current_content,
    entries_for,
    entry_for,
    log_entry_opened,
    may_read_register,
    search_entries,
)
from motcua.core.idnumber import mask_id_number

from .auth import auth
from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["civil-registry"], auth=auth)


class EntryOut(Schema):
    id: int
    kind: str
    book: str
    number: int
    year: int
    registered_at: datetime
    unit: str
    unit_name: str
    subject_name: str
    subject_birth_date: date | None
    personal_id: str
    personal_id_state: str
    status: str

    @staticmethod
    def resolve_book(obj: Entry) -> str:
        return obj.book.label

    @staticmethod
    def resolve_unit(obj: Entry) -> str:
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj: Entry) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_personal_id(obj: Entry) -> str:
        """Masked as in every list (invariant 8); in full on the entry itself."""
        return mask_id_number(obj.personal_id) if obj.personal_id else ""


class ExtractOut(Schema):
    dossier: str
    original: bool
    copies: int
    issued_at: datetime


class EntryDetailOut(EntryOut):
    """One entry in full (its opening is logged): the personal ID number unmasked, the
    content as it stands with the correction notes, the corrections and extracts issued."""

    content: dict[str, Any]
    notes: list[str]
    amends: int | None
    amendments: list[int]
    extracts: list[ExtractOut]
    void_reason: str

    @staticmethod
    def resolve_personal_id(obj: Entry) -> str:
        return obj.personal_id

    @staticmethod
    def resolve_content(obj: Entry) -> dict[str, Any]:
        return _content(obj).data

    @staticmethod
    def resolve_notes(obj: Entry) -> list[str]:
        return _content(obj).notes

    @staticmethod
    def resolve_amendments(obj: Entry) -> list[int]:
        return list(obj.amendments.order_by("pk").values_list("pk", flat=True))

    @staticmethod
    def resolve_extracts(obj: Entry) -> list[dict[str, Any]]:
        return [
            {
                "dossier": issue.dossier.code,
                "original": issue.original,
                "copies": issue.copies,
                "issued_at": issue.created_at,
            }
            for issue in obj.extracts.select_related("dossier").order_by("pk")
        ]


def _content(entry: Entry) -> Content:
    """The entry as it stands, read once for its two fields (content, notes)."""
    if not hasattr(entry, "as_it_stands"):
        entry.as_it_stands = current_content(entry)  # type: ignore[attr-defined]
    return entry.as_it_stands  # type: ignore[attr-defined]


class EntryPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EntryOut]


class EntryFilters(Schema):
    q: str = Field("", max_length=100, description="Họ tên (có dấu hoặc không) hoặc số 125/2026")
    kind: BookKind | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None


class PersonalIdSearch(Schema):
    personal_id: str = Field(pattern=r"^\d{12}$", description="Số định danh cá nhân, 12 chữ số")


def _reader(request: HttpRequest) -> None:
    if not may_read_register(request.user):
        raise Problem(403, NOT_A_READER)


@router.get("/entries", response=EntryPage, summary="Tìm trong sổ hộ tịch")
def list_entries(
    request: HttpRequest, filters: Query[EntryFilters], page: Query[PageParams]
) -> dict:
    _reader(request)
    entries = search_entries(
        request.user,
        q=filters.q,
        kind=filters.kind.value if filters.kind else "",
        year=filters.year,
    )
    return paginate(entries, page)


@router.post("/entries/search", response=EntryPage, summary="Tìm theo số định danh cá nhân")
def search_by_personal_id(
    request: HttpRequest, body: PersonalIdSearch, page: Query[PageParams]
) -> dict:
    _reader(request)
    entries = (
        entries_for(request.user)
        .filter(personal_id=body.personal_id)
        .select_related("book", "unit")
        .order_by("-registered_at", "-pk")
    )
    return paginate(entries, page)


@router.get("/entries/{entry_id}", response=EntryDetailOut, summary="Một mục đăng ký hộ tịch")
def get_entry(request: HttpRequest, entry_id: int) -> Entry:
    _reader(request)
    entry = entry_for(request.user, entry_id) if 0 < entry_id < 2**31 else None
    if entry is None:
        raise Problem(404, "Không tìm thấy mục đăng ký hộ tịch này.")
    log_entry_opened(request.user, entry)
    return entry

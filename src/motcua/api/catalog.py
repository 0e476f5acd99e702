"""Procedure catalog endpoints: `/api/v1/procedures` (paginated, diacritic-free search) and
`/api/v1/procedures/{code}` (the current version, or `?version=N` for an old one)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.catalog.fees import describe_fee
from motcua.catalog.models import CODE_REGEX, ProcedureVersion
from motcua.catalog.queries import procedure_history, procedure_version, procedures_list

from .numbers import Positive
from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["procedures"])


class TimeLimitOut(Schema):
    kind: str
    days: int | None
    cutoff: str | None
    extended_days: int | None
    extended_condition: str
    note: str
    unverified: bool


class FeeTierOut(Schema):
    from_page: int
    to_page: int | None
    amount: int


class FeeExemptionOut(Schema):
    code: str
    condition: str
    source: str = ""


class FeesOut(Schema):
    kind: str
    amount: int | None = None
    online_amount: int | None = None
    pages: list[FeeTierOut] = []
    cap: int | None = None
    exemptions: list[FeeExemptionOut] = []
    note: str = ""
    source: str = ""
    unverified: bool = False
    summary: str


class RequiredDocumentOut(Schema):
    id: str
    name: str
    form: str
    count: int
    mandatory: bool
    note: str = ""


class ResultDocumentOut(Schema):
    id: str
    name: str


class LegalDocumentOut(Schema):
    number: str
    title: str


class StepOut(Schema):
    name: str
    role: str
    hours: int | None


class SourceOut(Schema):
    fact: str
    source: str
    unverified: bool


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    level: str
    authority: str
    online: str
    time_limit: TimeLimitOut
    fee_summary: str
    version: int

    @staticmethod
    def resolve_code(obj: ProcedureVersion) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_version(obj: ProcedureVersion) -> int:
        return obj.number

    @staticmethod
    def resolve_fee_summary(obj: ProcedureVersion) -> str:
        return describe_fee(obj.fee_schedule)


class ProcedureDetailOut(ProcedureOut):
    is_current: bool
    published_at: datetime
    change_note: str
    fees: FeesOut
    required_documents: list[RequiredDocumentOut]
    result_documents: list[ResultDocumentOut]
    legal_basis: list[LegalDocumentOut]
    steps: list[StepOut]
    form_schema: dict[str, Any]
    sources: list[SourceOut]

    @staticmethod
    def resolve_published_at(obj: ProcedureVersion) -> datetime:
        return obj.created_at

    @staticmethod
    def resolve_fees(obj: ProcedureVersion) -> dict[str, Any]:
        return {**obj.fee_schedule, "summary": describe_fee(obj.fee_schedule)}


class VersionOut(Schema):
    version: int
    is_current: bool
    name: str
    change_note: str
    published_by: str
    published_at: datetime
    content_hash: str

    @staticmethod
    def resolve_version(obj: ProcedureVersion) -> int:
        return obj.number

    @staticmethod
    def resolve_published_at(obj: ProcedureVersion) -> datetime:
        return obj.created_at


class ProcedurePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProcedureOut]


class ProcedureFilters(Schema):
    q: str | None = None
    field: str | None = None


def _check_code(code: str) -> None:
    if not re.fullmatch(CODE_REGEX, code):
        raise Problem(404, f"Không có thủ tục hành chính mã {code}.")


@router.get("", response=ProcedurePage, summary="Danh sách thủ tục hành chính")
def list_procedures(
    request: HttpRequest, filters: Query[ProcedureFilters], page: Query[PageParams]
) -> dict[str, Any]:
    return paginate(procedures_list(q=filters.q, field=filters.field), page)


@router.get(
    "/{code}",
    response=ProcedureDetailOut,
    summary="Một thủ tục: phiên bản hiện hành hoặc phiên bản cũ (?version=N)",
)
def get_procedure(
    request: HttpRequest, code: str, version: Positive | None = None
) -> ProcedureVersion:
    _check_code(code)
    found = procedure_version(code, number=version)
    if found is None:
        if version is not None and procedure_version(code) is not None:
            raise Problem(404, f"Thủ tục {code} không có phiên bản số {version}.")
        raise Problem(404, f"Không có thủ tục hành chính mã {code}.")
    return found


@router.get("/{code}/versions", response=list[VersionOut], summary="Các phiên bản của một thủ tục")
def list_versions(request: HttpRequest, code: str) -> list[ProcedureVersion]:
    _check_code(code)
    versions = list(procedure_history(code))
    if not versions:
        raise Problem(404, f"Không có thủ tục hành chính mã {code}.")
    return versions

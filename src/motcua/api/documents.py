"""Documents endpoints: the printed forms of a dossier as PDF and the tracking book as Excel.

    GET /api/v1/dossiers/{code}/documents/{form}.pdf     form = 01..06 or result
    GET /api/v1/reports/tracking-book.xlsx?unit=&from=YYYY-MM-DD&to=YYYY-MM-DD

Thin: scope the dossier or unit (invariant 6), call `signing.seal.serve_form` (the form, with
the agency's seal where the province enabled it) or `documents.tracking_book.tracking_book`,
answer the file. A dossier outside the caller's scope
answers 404 like an absent one, so codes do not leak; a unit outside it answers 403.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from motcua.accounts.queries import scope_unit_codes
from motcua.core.replica import lag_tolerant
from motcua.documents.forms import DocumentError
from motcua.documents.tracking_book import MAX_RANGE_DAYS, tracking_book
from motcua.dossiers.queries import dossier_by_code, not_found
from motcua.signing.seal import serve_form

from .auth import auth
from .problems import Problem

router = Router(tags=["documents"], auth=auth)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/dossiers/{code}/documents/{form}.pdf",
    summary="Biểu mẫu của hồ sơ (PDF): 01-06 hoặc kết quả",
)
def dossier_document(request: HttpRequest, code: str, form: str) -> HttpResponse:
    """One form of a dossier in the caller's scope, shown inline in the browser; signed with
    the receiving agency's seal when the province enabled it for this form (`signing.seal`,
    header `X-Motcua-Signature: agency` or `none`). `result` is the signed result exactly as
    stored when the leader signed it (`official`), or 409 saying why there is none (not yet
    issued, or signed by hand on paper)."""
    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Problem(404, not_found(code))
    try:
        served = serve_form(dossier, form)
    except DocumentError as error:
        raise Problem(error.status, error.message) from error
    return served.respond(f"{dossier.code}-{form}.pdf")


class TrackingBookQuery(Schema):
    unit: str = Field("", max_length=5)
    date_from: str = Field("", alias="from", max_length=20)
    date_to: str = Field("", alias="to", max_length=20)


def _day(value: str, label: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Problem(
            422, f"Ngày {label} '{value}' không hợp lệ; nhập theo dạng YYYY-MM-DD."
        ) from None


@router.get(
    "/reports/tracking-book.xlsx",
    summary="Sổ theo dõi hồ sơ (mẫu 07) của một xã, phường (Excel)",
)
def tracking_book_xlsx(request: HttpRequest, query: Query[TrackingBookQuery]) -> HttpResponse:
    """Form 07 for one unit in the caller's scope and a range of at most 366 days."""
    unit = query.unit.strip()
    unit = unit.zfill(5) if unit.isdigit() else unit
    if not unit:
        raise Problem(422, "Cần chọn xã, phường (tham số unit).")
    if unit not in scope_unit_codes(request.user):
        raise Problem(403, f"Bạn không có quyền xem sổ theo dõi hồ sơ của đơn vị {unit}.")
    date_from = _day(query.date_from, "bắt đầu (from)")
    date_to = _day(query.date_to, "kết thúc (to)")
    if date_from > date_to:
        raise Problem(422, "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
    if (date_to - date_from).days + 1 > MAX_RANGE_DAYS:
        raise Problem(422, f"Mỗi lần xuất sổ tối đa {MAX_RANGE_DAYS} ngày.")
    with lag_tolerant():  # an export: the read replica when there is one
        content = tracking_book(unit, date_from, date_to)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="so-theo-doi-{unit}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx"'
    )
    return response

"""Signing pages: the public verification page (QR target) and the province's overview.

Thin: parse, authorise, call `verification` / `queries`, render. The verification page works
without JavaScript and without login; it is rate-limited per IP like the API.
"""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.core.text import spreadsheet_row

from .queries import certificate_overview, overview_units, result_of
from .ratelimit import TOO_MANY, VERIFY_SCOPE, allow, verify_limit
from .verification import MAX_PDF_BYTES, Report, verify_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _read_upload(request: HttpRequest) -> tuple[bytes | None, str]:
    upload = request.FILES.get("file")
    if upload is None:
        return None, "Hãy chọn tệp PDF cần kiểm tra."
    if upload.size and upload.size > MAX_PDF_BYTES:
        return None, "Tệp quá lớn (tối đa 20 MB)."
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        return None, "Tệp không phải PDF."
    return data, ""


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    """`/verify/<code>`: is the result of dossier `code` genuine? (public, no login)

    GET checks the file recorded for the dossier; POST checks an uploaded file against it, or
    a form carrying the agency's seal (`signing.seal`), which is checked even before the
    dossier has a result. Unknown codes and codes without a result look alike (no leak).
    Shows no personal data beyond what the printed result itself carries (invariant 8).
    """
    if not allow(request, VERIFY_SCOPE, verify_limit()):
        return render(request, "signing/verify.html", {"code": code, "error": TOO_MANY}, status=429)
    result = result_of(code)
    context: dict[str, object] = {"code": code, "result": result}
    report: Report | None = None
    if request.method == "POST":
        data, error = _read_upload(request)
        if data is None:
            context["error"] = error
            return render(request, "signing/verify.html", context, status=422)
        report = verify_pdf(data, code=code)
        context["uploaded"] = True
    elif result is None:
        context["error"] = f"Không tìm thấy kết quả đã ký của hồ sơ mã {code}."
        return render(request, "signing/verify.html", context, status=404)
    elif not result.paper:
        with default_storage.open(result.storage_name, "rb") as handle:
            report = verify_pdf(handle.read(), code=code)
    context["report"] = report
    return render(request, "signing/verify.html", context)


def _xlsx(rows: list) -> HttpResponse:
    book = Workbook()
    for extra in book.worksheets:
        book.remove(extra)
    sheet = book.create_sheet("Chữ ký số")
    headings = [
        "Đơn vị",
        "Mã đơn vị",
        "Họ và tên",
        "Chức danh",
        "Tình trạng chứng thư",
        "Số hiệu chứng thư",
        "Hết hạn",
    ]
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit_row in rows:
        for row in unit_row.officials:
            cert = row.certificate
            sheet.append(
                spreadsheet_row(
                    [
                        unit_row.unit.name,
                        unit_row.unit.code,
                        row.official.full_name,
                        row.titles,
                        row.state_label,
                        cert.serial if cert else "",
                        f"{timezone.localtime(cert.not_after):%d/%m/%Y}" if cert else "",
                    ]
                )
            )
    for column, width in zip("ABCDEFG", (30, 10, 28, 36, 34, 20, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="chu-ky-so-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """`/chu-ky-so/`: officials by commune with and without a valid certificate, and those
    expiring within 30 days; `?format=xlsx` downloads it. Province supervisors and admins see
    every commune, a commune admin their own; anyone else gets 403."""
    units = overview_units(request.user)
    if units is None:
        raise PermissionDenied("Chỉ cán bộ giám sát, quản trị cấp tỉnh hoặc quản trị cấp xã.")
    rows = certificate_overview(units)
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows)
    totals = {
        "officials": sum(len(row.officials) for row in rows),
        "with_valid": sum(row.with_valid for row in rows),
        "without": sum(row.without for row in rows),
        "expiring": sum(row.expiring for row in rows),
    }
    return render(request, "signing/overview.html", {"rows": rows, "totals": totals})

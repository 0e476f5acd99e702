"""The province's access log page (nhật ký truy cập hồ sơ): `/ho-so/nhat-ky-truy-cap/`.

Who opened which full record or file of a dossier, when and from which address
(invariant 8), for the province admin: narrowed by dossier code, official and days, newest
first, a page at a time, and as an Excel file of the same rows. Anyone else gets a 403
that says who may read it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from motcua.core.paging import page_of
from motcua.core.replica import lag_tolerant

from ..access import (
    PAGE_ROWS,
    XLSX,
    log_rows,
    log_workbook,
    may_read_log,
    official_name,
    what_of,
)
from ..forms import AccessLogFilter
from .common import forbidden

FILTERS = ("ma", "can_bo", "tu", "den")


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """`/ho-so/nhat-ky-truy-cap/?ma=&can_bo=&tu=&den=&trang=`, `&xuat=xlsx` for the file."""
    if not may_read_log(request.user):
        return forbidden(request, "Nhật ký truy cập hồ sơ chỉ dành cho cán bộ quản trị cấp tỉnh.")
    form = AccessLogFilter(request.GET)
    context: dict[str, object] = {"form": form, "rows": [], "page": 1}
    if not form.is_valid():
        return render(request, "dossiers/access_log.html", context, status=422)
    data = form.cleaned_data
    rows = log_rows(code=data["ma"], official=data["can_bo"], start=data["tu"], end=data["den"])
    query = {key: request.GET.get(key, "") for key in FILTERS if request.GET.get(key)}
    if request.GET.get("xuat") == "xlsx":
        with lag_tolerant():  # an export: the read replica when there is one
            content, more = log_workbook(rows)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="nhat-ky-truy-cap-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        if more:
            response["X-Motcua-Truncated"] = "1"
        return response
    rows_shown, paging = page_of(rows, data["trang"], PAGE_ROWS, query)
    context.update(
        {
            "rows": [
                {
                    "at": row.at,
                    "username": row.user.get_username(),
                    "name": official_name(row.user),
                    "code": row.dossier.code,
                    "what": what_of(row),
                    "address": row.address or "",
                }
                for row in rows_shown
            ],
            **paging,
            "excel_url": "?" + urlencode({**query, "xuat": "xlsx"}),
        }
    )
    return render(request, "dossiers/access_log.html", context)

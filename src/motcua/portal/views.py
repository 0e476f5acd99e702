"""Portal pages: thin views over catalog and accounts queries; reading pages need no JS."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.queries import has_province_scope, official_with_positions, scope_unit_codes
from motcua.catalog.fees import describe_fee
from motcua.catalog.queries import procedure_fields, procedure_version, procedures_list
from motcua.workcal.deadlines import HOURS_PER_WORKING_DAY

ONLINE_LABELS = {
    "full": "Nộp trực tuyến toàn trình",
    "partial": "Nộp trực tuyến một phần",
    "none": "Nộp trực tiếp hoặc qua bưu chính",
}
DOCUMENT_FORMS = {"original": "bản chính", "copy": "bản sao", "present": "xuất trình"}


def time_limit_text(version) -> str:
    """The time limit in plain Vietnamese, e.g. "Trong ngày (nộp trước 15:00)"."""
    limit = version.time_limit
    if limit["kind"] == "same_day":
        text = f"Trong ngày làm việc (nộp trước {limit['cutoff']}; sau giờ đó trả ngày hôm sau)"
    elif limit["kind"] == "working_days":
        text = f"{limit['days']} ngày làm việc"
    else:
        text = "Chưa có thông tin"
    if version.extended_limit_days:
        text += (
            f"; tối đa {version.extended_limit_days} ngày làm việc "
            f"{version.extended_limit_condition}".rstrip()
        )
    return text


def home(request: HttpRequest) -> HttpResponse:
    """`/`: find a procedure by words without diacritics, or browse by field."""
    query = request.GET.get("q", "").strip()[:200]
    field = request.GET.get("field", "").strip()[:120]
    versions = (
        list(procedures_list(q=query or None, field=field or None))
        if (query or field)
        else list(procedures_list())
    )
    rows = [
        {
            "version": version,
            "limit": time_limit_text(version),
            "fee": describe_fee(version.fee_schedule),
        }
        for version in versions
    ]
    return render(
        request,
        "portal/home.html",
        {"q": query, "field": field, "fields": procedure_fields(), "rows": rows},
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """`/thu-tuc/<code>/`: documents, fees, time limit, where to file, online or not."""
    version = procedure_version(code)
    if version is None:
        raise Http404("Không có thủ tục này.")
    documents = [
        {**document, "form_label": DOCUMENT_FORMS.get(document.get("form", ""), "")}
        for document in version.required_documents
    ]
    return render(
        request,
        "portal/procedure.html",
        {
            "version": version,
            "documents": documents,
            "limit": time_limit_text(version),
            "fee": describe_fee(version.fee_schedule),
            "online": ONLINE_LABELS.get(version.online, version.online),
            "hours_per_day": HOURS_PER_WORKING_DAY,
        },
    )


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """`/can-bo/`: who the official is, their positions and the units in their scope."""
    official = official_with_positions(request.user)
    scope = scope_unit_codes(request.user)
    return render(
        request,
        "portal/staff_home.html",
        {
            "official": official,
            "positions": official.active_positions if official else [],  # type: ignore[attr-defined]
            "province_scope": has_province_scope(request.user),
            "scope_count": len(scope),
        },
    )

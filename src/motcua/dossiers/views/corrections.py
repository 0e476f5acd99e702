"""The dossier page's correction of the applicant's details (`dossiers.corrections`): a
folded form in "Người nộp hồ sơ" with the details as received, and its POST
`/ho-so/<code>/sua-thong-tin/`; on success the page offers the receipt to print again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from motcua.accounts.queries import Standing
from motcua.accounts.saved_forms import keeps_form

from ..actions import DossierError, DossierInvalidError
from ..corrections import correct_applicant, correct_data, may_correct
from ..forms import (
    APPLICANT_FIELDS,
    CorrectionForm,
    applicant_from,
    applicant_values,
    eform_data,
    eform_nodes,
    eform_text_values,
    eform_values,
)
from ..models import Dossier
from .common import dossier_or_404

FORM = "sua-thong-tin"
DATA_FORM = "sua-to-khai"


def correction_form(
    user: Any,
    dossier: Dossier,
    *,
    standing: Standing,
    posted_form: str = "",
    posted: Any = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any] | None:
    """The correction form for a counter officer who may correct, else None."""
    if not may_correct(dossier, user, standing):
        return None
    mine = posted_form == FORM and posted is not None
    errors = (errors or {}) if mine else {}
    current = {
        "full_name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "date_of_birth": (
            dossier.applicant_date_of_birth.strftime("%d/%m/%Y")
            if dossier.applicant_date_of_birth
            else ""
        ),
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }
    values = applicant_values(posted) if mine else current
    return {
        "open": mine,
        "fields": [
            {
                "name": f"applicant_{name}",
                "id": f"sua-{name}",
                "label": label,
                "kind": kind,
                "value": values.get(name, ""),
                "errors": errors.get(f"applicant.{name}", []),
            }
            for name, label, kind, _ in APPLICANT_FIELDS
        ],
        "reason": posted.get("reason", "") if mine else "",
        "reason_errors": errors.get("reason", []),
    }


def _refused(request: HttpRequest, code: str, form: str, error: DossierError) -> HttpResponse:
    """The dossier page again with the refusal next to the fields and everything typed."""
    from .detail import render_dossier

    return render_dossier(
        request,
        dossier_or_404(request, code),
        status=error.status,
        error_message=error.message,
        posted_action=form,
        posted=request.POST,
        errors=dict(error.errors),
    )


@keeps_form()
@require_POST
def dossier_correct(request: HttpRequest, code: str) -> HttpResponse:
    """`POST /ho-so/<code>/sua-thong-tin/`: correct the applicant's details with a reason."""

    dossier = dossier_or_404(request, code)
    given = CorrectionForm(request.POST).given()
    errors: dict[str, list[str]] = {}
    applicant = applicant_from(applicant_values(request.POST), errors)
    try:
        if errors:  # an unreadable date: named like the action's own refusals
            raise DossierInvalidError(next(iter(errors.values()))[0], errors)
        changes = correct_applicant(
            dossier,
            actor=request.user,  # type: ignore[arg-type]
            applicant=applicant,
            reason=given["reason"],
            expected_version=given["version"],
        )
    except DossierError as error:
        return _refused(request, code, FORM, error)
    messages.success(
        request,
        f"Đã sửa {len(changes)} mục thông tin người nộp. Bấm “In giấy tiếp nhận (mẫu 01)” để "
        "in lại giấy có thông tin đã sửa và giao người nộp.",
    )
    return redirect("dossiers:dossier_detail", code=code)


def data_form(
    user: Any,
    dossier: Dossier,
    *,
    standing: Standing,
    posted_form: str = "",
    posted: Any = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any] | None:
    """The e-form correction for a counter officer who may correct, else None: the e-form's
    fields filled with the content received (or what was just typed, with its problems)."""
    if not may_correct(dossier, user, standing):
        return None
    schema = dossier.procedure_version.form_schema
    mine = posted_form == DATA_FORM and posted is not None
    errors = (errors or {}) if mine else {}
    values = eform_values(posted) if mine else eform_text_values(schema, dossier.data)
    nodes = eform_nodes(
        schema,
        values=values,
        errors={k[len("data.") :]: v for k, v in errors.items() if k.startswith("data.")},
        add_row=posted.get("them_dong", "") if mine else "",
    )
    return {
        "open": mine,
        "nodes": nodes,
        "reason": posted.get("reason", "") if mine else "",
        "reason_errors": errors.get("reason", []),
    }


@keeps_form()
@require_POST
def dossier_correct_data(request: HttpRequest, code: str) -> HttpResponse:
    """`POST /ho-so/<code>/sua-to-khai/`: correct the e-form's content with a reason; "Thêm
    một dòng" shows the form again one row longer, nothing saved."""
    from .detail import render_dossier

    dossier = dossier_or_404(request, code)
    given = CorrectionForm(request.POST).given()
    if given["them_dong"]:
        return render_dossier(request, dossier, posted_action=DATA_FORM, posted=request.POST)
    schema = dossier.procedure_version.form_schema
    try:
        changes = correct_data(
            dossier,
            actor=request.user,  # type: ignore[arg-type]
            data=eform_data(schema, eform_values(request.POST)),
            reason=given["reason"],
            expected_version=given["version"],
        )
    except DossierError as error:
        return _refused(request, code, DATA_FORM, error)
    messages.success(
        request,
        f"Đã sửa {len(changes)} mục của tờ khai. Văn bản in từ tờ khai (giấy tiếp nhận, kết quả "
        "chưa ký) sẽ theo nội dung đã sửa.",
    )
    return redirect("dossiers:dossier_detail", code=code)

"""Counter intake (tiếp nhận hồ sơ): `/ho-so/tiep-nhan/`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.accounts.choices import Role
from motcua.accounts.models import Position
from motcua.accounts.queries import has_role
from motcua.accounts.saved_forms import keeps_form
from motcua.catalog.fees import describe_fee
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import procedure_version, procedures_list
from motcua.core.money import format_vnd
from motcua.units.queries import province_communes

from .. import queries
from ..actions import DossierError, dossier_fee, receive_dossier_outcome
from ..cash import collect_fee
from ..choices import (
    CATALOG_CHANNEL,
    Channel,
    PaymentMethod,
)
from ..forms import (
    APPLICANT_FIELDS,
    IntakeForm,
    applicant_from,
    applicant_values,
    checklist,
    documents_from,
    eform_data,
    eform_errors,
    eform_nodes,
    eform_values,
    first_errors,
    flatten_labels,
    requester_errors,
    requester_fields,
    with_requester,
)
from ..models import Dossier
from .common import forbidden
from .files import (
    attach_all,
    checked_uploads,
    scannable_documents,
    upload_hint,
)

INTAKE_ANCHORS = {
    "procedure": "procedure",
    "unit": "unit",
    "channel": "channel",
    "fee": "fee",
    "fee_reason": "fee_reason",
    "documents": "giay-to",
    "idempotency_key": "intake-form",
    "files": "ban-quet",
}


def _own_commune(user: Any) -> str:
    """The commune of the officer's counter position: the default competent commune."""
    return (
        Position.objects.filter(official__user_id=user.pk, is_active=True, role=Role.COUNTER)
        .order_by("unit_id", "pk")
        .values_list("unit_id", flat=True)
        .first()
        or ""
    )


def _intake_context(
    request: HttpRequest,
    *,
    version: ProcedureVersion | None,
    unit: str,
    q: str,
    post: Any = None,
    errors: dict[str, list[str]] | None = None,
    error_message: str = "",
    idempotency_key: str = "",
    add_row: str = "",
) -> dict[str, Any]:
    errors = errors or {}
    context: dict[str, Any] = {
        "q": q,
        "procedures": list(procedures_list(q=q or None)),
        "communes": province_communes(),
        "unit": unit,
        "version": version,
        "errors": errors,
        "error_message": error_message,
    }
    if version is None:
        return context
    values = eform_values(post) if post is not None else {}
    data_errors = {
        key[len("data.") :]: problems for key, problems in errors.items() if key.startswith("data.")
    }
    nodes = eform_nodes(
        version.form_schema,
        values=values,
        errors=data_errors,
        add_row=add_row,
        hidden=frozenset(requester_fields(version.form_schema)),
    )
    labels = flatten_labels(nodes)
    applicant = applicant_values(post) if post is not None else {}
    applicant_rows = [
        {
            "name": name,
            "input_name": f"applicant_{name}",
            "label": label,
            "type": kind,
            "required": required,
            "value": applicant.get(name, ""),
            "errors": errors.get(f"applicant.{name}", []),
        }
        for name, label, kind, required in APPLICANT_FIELDS
    ]
    applicant_labels = {f"applicant.{name}": label for name, label, _, _ in APPLICANT_FIELDS}
    summary = []
    for key, problems in errors.items():
        if key.startswith("data."):
            label = "Biểu mẫu: " + labels.get(key[5:], key[5:])
            anchor = "f-" + key[5:].replace(".", "-")
        elif key in applicant_labels:
            label = "Người nộp: " + applicant_labels[key]
            anchor = key.replace(".", "_")
        else:
            label = {
                "documents": "Thành phần hồ sơ",
                "unit": "Xã, phường giải quyết",
                "procedure": "Thủ tục",
                "fee": "Phí, lệ phí",
                "fee_reason": "Lý do thu khác mức tính",
                "pay_method": "Hình thức nộp",
                "receipt_number": "Số biên lai",
                "channel": "Kênh nộp",
                "data": "Biểu mẫu",
                "files": "Bản quét giấy tờ",
            }.get(key, key)
            anchor = INTAKE_ANCHORS.get(key, "intake-form")
        summary += [{"label": label, "message": problem, "anchor": anchor} for problem in problems]
    fee_assessment = None
    if post is not None:
        try:
            channel_value = int(post.get("channel", "1"))
        except ValueError:
            channel_value = Channel.IN_PERSON
        data = with_requester(
            version.form_schema, eform_data(version.form_schema, values), applicant
        )
        if channel_value in CATALOG_CHANNEL:
            fee_assessment = dossier_fee(version, channel_value, data, timezone.now())
    if summary and not error_message:
        error_message = f"Hồ sơ chưa hợp lệ: cần sửa {len(summary)} mục dưới đây."
    context.update(
        {
            "error_message": error_message,
            "fee_assessment": fee_assessment,
            "fee_reason": post.get("fee_reason", "") if post is not None else "",
            "nodes": nodes,
            "documents": checklist(version.required_documents, post),
            "applicant_rows": applicant_rows,
            "summary": summary,
            "fee_text": describe_fee(version.fee_schedule),
            "fee": post.get("fee", "") if post is not None else "",
            "channel": post.get("channel", "1") if post is not None else "1",
            "channels": [(Channel.IN_PERSON, "Trực tiếp"), (Channel.POSTAL, "Qua bưu chính")],
            "assisted": bool(post.get("assisted")) if post is not None else False,
            "pay_methods": PaymentMethod.choices,
            "pay_method": post.get("pay_method", "cash") if post is not None else "cash",
            "receipt_number": post.get("receipt_number", "") if post is not None else "",
            "idempotency_key": idempotency_key or uuid.uuid4().hex,
            # the counter's scans at intake (views/files.py, issue 22 part 2)
            "scan_documents": scannable_documents(version.required_documents),
            "upload_hint": upload_hint(),
        }
    )
    return context


@keeps_form(review="tinh_phi")
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """`/ho-so/tiep-nhan/`: receive a dossier at the counter (tiếp nhận hồ sơ).

    Step 1 (GET) chooses the procedure and the competent commune (any commune of the
    province: phi địa giới); step 2 (GET with `?procedure=`) shows the document checklist,
    the applicant and the e-form; POST calls `receive_dossier_outcome` with the hidden
    idempotency key made when the form was shown, so a double click or a refresh gives the
    first dossier (invariant 4). An invalid POST re-renders everything entered with the
    Vietnamese errors next to each field.
    """
    if not has_role(request.user, Role.COUNTER):
        return forbidden(
            request, "Chỉ cán bộ bộ phận một cửa (vai trò tiếp nhận) mới được tiếp nhận hồ sơ."
        )
    form = IntakeForm(request.POST if request.method == "POST" else request.GET)
    form_errors = first_errors(form)  # validates: the values below are parsed
    given = form.cleaned_data
    q = given["q"]
    code = given["procedure"]
    unit = given["unit"] or _own_commune(request.user)
    version = procedure_version(code) if code else None
    if version is not None and not version.procedure.is_active:
        version = None
    if request.method == "GET":
        context = _intake_context(request, version=version, unit=unit, q=q)
        if code and version is None:
            context["error_message"] = f"Không có thủ tục hành chính đang áp dụng mã '{code}'."
        return render(request, "dossiers/intake.html", context)

    key = given["idempotency_key"]
    add_row = given["them_dong"]
    if version is not None and (add_row or given["tinh_phi"]):
        # "Thêm một dòng" of a list in the e-form: the same form again, one row longer,
        # everything entered kept, nothing checked yet.
        context = _intake_context(
            request,
            version=version,
            unit=unit,
            q=q,
            post=request.POST,
            idempotency_key=key,
            add_row=add_row,
        )
        return render(request, "dossiers/intake.html", context)
    if version is None:
        context = _intake_context(
            request,
            version=None,
            unit=unit,
            q=q,
            error_message="Hãy chọn thủ tục hành chính trước khi tiếp nhận.",
        )
        return render(request, "dossiers/intake.html", context, status=422)
    errors: dict[str, list[str]] = {}
    entered = applicant_values(request.POST)
    applicant = applicant_from(entered, errors)
    rows = checklist(version.required_documents, request.POST)
    data = with_requester(
        version.form_schema, eform_data(version.form_schema, eform_values(request.POST)), entered
    )
    if "fee" in form_errors:
        errors["fee"] = form_errors["fee"]
    fee: int | None = given.get("fee")
    channel: int = given["channel"]
    if fee is None and "fee" not in errors and channel in CATALOG_CHANNEL:
        # Where the catalog holds no amount (a provincial rate, a late registration), the
        # officer at the counter enters what the province's resolution sets: never 0 by
        # default on a receipt.
        owed = dossier_fee(version, channel, data, timezone.now())
        if owed.amount is None:
            errors["fee"] = [f"{owed.note} Cần nhập mức thu.".strip()]
    receipt_number = given.get("receipt_number", "")
    pay_method = given.get("pay_method", PaymentMethod.CASH)
    for name in ("pay_method", "receipt_number"):
        if name in form_errors:
            errors[name] = form_errors[name]
    # The scans chosen at intake, checked before anything is written (attached after).
    uploads = checked_uploads(
        request.FILES, [str(doc["id"]) for doc in version.required_documents], errors
    )
    message = ""
    status = 422
    # The person already filed online and waits to be received: offer that dossier rather
    # than a second one; the officer goes on only by saying it is another matter.
    pending = (
        queries.pending_online(request.user, applicant.id_number)
        if not errors and not given["viec_khac"]
        else []
    )
    if pending:
        context = _intake_context(
            request,
            version=version,
            unit=unit,
            q=q,
            post=request.POST,
            idempotency_key=key,
        )
        context["pending_online"] = [
            {"dossier": dossier, "same": dossier.procedure_code == version.procedure.code}
            for dossier in pending
        ]
        return render(request, "dossiers/intake.html", context, status=409)
    if not errors:
        try:
            outcome = receive_dossier_outcome(
                actor=request.user,  # type: ignore[arg-type]
                procedure=version.procedure.code,
                unit=unit,
                channel=channel,
                applicant=applicant,
                data=data,
                documents=documents_from(rows),
                idempotency_key=key or None,
                assisted_by_volunteer=given["assisted"],
                fee=fee,
                fee_reason=given["fee_reason"],
            )
        except DossierError as error:
            errors = dict(error.errors)
            # A 422's message repeats its first field problem: the summary lists them all.
            message = error.message if error.status != 422 else ""
            status = error.status
            if error.outcome == "key_reused":
                # The form's key went to an earlier dossier: everything typed stays on the
                # page under a new key, so submitting again deliberately makes a new one.
                key = uuid.uuid4().hex
                errors.pop("idempotency_key", None)
        else:
            dossier = outcome.dossier
            refused = attach_all(dossier, actor=request.user, uploads=uploads)
            if refused:
                messages.warning(request, "Chưa lưu được tệp: " + " ".join(refused))
            if outcome.created:
                messages.success(request, f"Đã tiếp nhận hồ sơ {dossier.code}.")
                if receipt_number and dossier.fee:
                    _collect_at_intake(request, dossier, pay_method, receipt_number)
            else:
                messages.info(request, f"Hồ sơ {dossier.code} đã được tiếp nhận từ lần gửi trước.")
            return redirect("dossiers:dossier_detail", code=dossier.code)
    if "data" in errors or not message:
        # The schema's word on the e-form, so the officer sees everything to fix at once.
        problems = eform_errors(version.form_schema, data)
        if problems:
            errors.pop("data", None)
            for name, items in requester_errors(version.form_schema, problems).items():
                errors.setdefault(name, [])
                errors[name] += [item for item in items if item not in errors[name]]
    context = _intake_context(
        request,
        version=version,
        unit=unit,
        q=q,
        post=request.POST,
        errors=errors,
        error_message=message,
        idempotency_key=key,
    )
    return render(request, "dossiers/intake.html", context, status=status)


def _collect_at_intake(
    request: HttpRequest, dossier: Dossier, method: str, receipt_number: str
) -> None:
    """The dossier's fee taken with the receipt number typed at intake; a refusal (a number
    already used) leaves the dossier received and says where to record the money."""
    try:
        collect_fee(
            dossier,
            actor=request.user,  # type: ignore[arg-type]
            amount=dossier.fee,
            method=method,
            receipt_number=receipt_number,
        )
    except DossierError as error:
        messages.warning(
            request,
            f"Chưa ghi được khoản thu: {error.message} Hãy ghi lại ở mục “Phí, lệ phí”.",
        )
    else:
        messages.success(
            request, f"Đã thu {format_vnd(dossier.fee)}, biên lai số {receipt_number}."
        )

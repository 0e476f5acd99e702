"""Staff pages for dossiers: counter intake, work queues and the dossier page.

Thin, like the API (ARCHITECTURE.md): parse the form, authorise, call the same action or
query as `/api/v1/dossiers`, render. Every page and form works without JavaScript; htmx
only swaps parts of a page when it is there. Scoping is never decided here: every load goes
through `dossiers.queries` (invariant 6).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.choices import Role
from motcua.accounts.models import Position
from motcua.accounts.queries import has_role, standing_of
from motcua.accounts.saved_forms import keeps_form
from motcua.catalog.fees import describe_fee
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import procedure_version, procedures_list
from motcua.core.money import format_vnd
from motcua.core.public_url import public_url
from motcua.units.choices import Level
from motcua.units.models import Unit

from . import queries
from .actions import (
    ACTIONS,
    DossierError,
    allowed_actions,
    collection_text,
    dossier_fee,
    receive_dossier_outcome,
)
from .cash import collect_fee
from .cash_views import cash_section
from .choices import (
    CATALOG_CHANNEL,
    Channel,
    PaymentMethod,
    Proposal,
    State,
    Status,
    event_label,
)
from .correction_views import correction_form, data_form
from .events import verify_chain
from .file_views import (
    attach_all,
    attachments_context,
    checked_uploads,
    scannable_documents,
    upload_hint,
)
from .forms import (
    ACTION_FIELD_LABELS,
    APPLICANT_FIELDS,
    FIELD_HINTS,
    FIELD_LABELS,
    LINE_FIELDS,
    OPTIONAL_FIELDS,
    action_arguments,
    applicant_from,
    applicant_values,
    checklist,
    data_rows,
    documents_from,
    eform_data,
    eform_errors,
    eform_nodes,
    eform_values,
    flatten_labels,
    requester_errors,
    requester_fields,
    with_requester,
)
from .models import Dossier, DossierEvent
from .queries import dossier_by_code, not_found
from .supplements import supplement_summary

PAGE_SIZE = 50
# Which event makes which notice exist (forms 02-05 of Circular 03/2025).
NOTICE_FORMS = (
    ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)", {"request_supplement"}),
    ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)", {"refuse"}),
    ("04", "Văn bản xin lỗi và đề nghị gia hạn (mẫu 04)", {"extend"}),
    ("05", "Thông báo dừng giải quyết hồ sơ (mẫu 05)", {"stop"}),
)
# The dossier page's action forms: the usual next step of each state comes first, the
# secondary ones after it, and those that end a dossier without a result folded last
# (`<details>`), so the officer does not refuse or stop by mistake.
USUAL_ACTIONS = ("accept", "transfer", "supplement", "appraise", "approve", "sign", "return")
DESTRUCTIVE_ACTIONS = ("refuse", "stop", "withdraw")
# Where a field error of the intake goes: the error key → the id of the input it is about.
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


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 page in Vietnamese that says why."""
    return render(request, "403.html", {"message": message}, status=403)


def _pdf_url(code: str, form: str) -> str:
    return f"/api/v1/dossiers/{code}/documents/{form}.pdf"


# --- counter intake ---------------------------------------------------------------------


def _communes() -> list[Unit]:
    return list(
        Unit.objects.filter(parent_id=settings.MOTCUA_PROVINCE, level=Level.COMMUNE, is_active=True)
        .only("code", "name")
        .order_by("name_folded", "code")
    )


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
        "communes": _communes(),
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
            # the counter's scans at intake (file_views, issue 22 part 2)
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
    source = request.POST if request.method == "POST" else request.GET
    q = source.get("q", "").strip()[:200]
    code = source.get("procedure", "").strip()[:16]
    unit = source.get("unit", "").strip()[:5] or _own_commune(request.user)
    version = procedure_version(code) if code else None
    if version is not None and not version.procedure.is_active:
        version = None
    if request.method == "GET":
        context = _intake_context(request, version=version, unit=unit, q=q)
        if code and version is None:
            context["error_message"] = f"Không có thủ tục hành chính đang áp dụng mã '{code}'."
        return render(request, "dossiers/intake.html", context)

    key = request.POST.get("idempotency_key", "").strip()[:100]
    add_row = request.POST.get("them_dong", "").strip()[:100]
    if version is not None and (add_row or request.POST.get("tinh_phi")):
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
    fee: int | None = None
    if request.POST.get("fee", "").strip():
        try:
            fee = int(request.POST["fee"].strip().replace(".", ""))
        except ValueError:
            errors["fee"] = ["Phí, lệ phí là số đồng, ví dụ 20000."]
    try:
        channel = int(request.POST.get("channel", "1"))
    except ValueError:
        channel = 0
    if fee is None and "fee" not in errors and channel in CATALOG_CHANNEL:
        # Where the catalog holds no amount (a provincial rate, a late registration), the
        # officer at the counter enters what the province's resolution sets: never 0 by
        # default on a receipt.
        owed = dossier_fee(version, channel, data, timezone.now())
        if owed.amount is None:
            errors["fee"] = [f"{owed.note} Cần nhập mức thu.".strip()]
    receipt_number = request.POST.get("receipt_number", "").strip()
    pay_method = request.POST.get("pay_method", PaymentMethod.CASH)
    if receipt_number and pay_method not in PaymentMethod.values:
        errors["pay_method"] = ["Hình thức nộp: chọn tiền mặt, chuyển khoản hoặc thẻ."]
    if len(receipt_number) > 40:
        errors["receipt_number"] = ["Số biên lai: tối đa 40 ký tự."]
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
        if not errors and not request.POST.get("viec_khac")
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
                assisted_by_volunteer=bool(request.POST.get("assisted")),
                fee=fee,
                fee_reason=request.POST.get("fee_reason", ""),
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


# --- work queues ------------------------------------------------------------------------


@login_required
def queues(request: HttpRequest) -> HttpResponse:
    """`/ho-so/`: the official's work queues, sorted by due time, 50 a page; or, with
    `?tim=`, the dossiers in scope found by code, ID number or name, newest first.

    The queue comes from `dossiers.queries.work_queue`, which scopes it (invariant 6); the
    applicant's ID number is masked (invariant 8). The number of queries does not depend on
    the number of rows.
    """
    standing = standing_of(request.user)
    if not standing.scope_codes():
        return forbidden(request, "Trang này dành cho cán bộ, công chức xử lý hồ sơ.")
    roles = {role for _, role in standing.positions}
    offered = queries.queues_for(standing)
    queue = request.GET.get("hang", "")
    if queue not in queries.WORK_QUEUES:
        # A specialist starts with what they hold, a leader with what waits for them, the
        # counter with the unit's (its role queues are a click away, counted on /can-bo/).
        if Role.SPECIALIST in roles:
            queue = "mine"
        elif Role.LEADER in roles:
            queue = "approval"
        else:
            queue = "unit"
    # An official of several communes (the province's) narrows a queue or a search to one
    # commune of the scope, and sees which commune each dossier is in.
    scope = standing.scope_codes()
    communes = (
        list(Unit.objects.filter(code__in=scope).only("code", "name").order_by("name_folded"))
        if len(scope) > 1
        else []
    )
    commune = request.GET.get("xa", "").strip()[:5]
    if commune not in scope:
        commune = ""
    # A citizen at the counter asks after their dossier: find it by code, ID number or name
    # (`dossiers_list`, same scope), newest first, instead of a queue.
    search = request.GET.get("tim", "").strip()[:100]
    if search:
        dossiers = queries.dossiers_list(request.user, q=search, unit=commune or None)
        heading = f"Kết quả tìm “{search}”"
    else:
        dossiers = queries.queue_rows(request.user, queue, unit=commune or None)
        heading = queries.WORK_QUEUES[queue]
    if commune:
        heading += f", {next(u.name for u in communes if u.code == commune)}"
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    rows = [
        {
            "dossier": dossier,
            "overdue": dossier.due_at is not None
            and dossier.due_at < now
            and dossier.state in queries.RUNNING_STATES,
        }
        for dossier in page.object_list
    ]
    return render(
        request,
        "dossiers/queues.html",
        {
            "queue": "" if search else queue,
            "queues": [
                (key, label)
                for key, label in queries.WORK_QUEUES.items()
                if key in offered or key == queue
            ],
            "queue_label": heading,
            "search": search,
            "page": page,
            # a name search counts up to `listing.COUNT_CAP`: "that many or more"
            "capped": dossiers.capped(page.paginator.count),
            "rows": rows,
            "can_receive": Role.COUNTER in roles,
            "communes": communes,
            "commune": commune,
        },
    )


# --- dossier page -----------------------------------------------------------------------


def _actor_name(event: DossierEvent) -> str:
    actor = event.actor
    if actor is None:
        return "Hệ thống"
    official = getattr(actor, "official", None)
    return official.full_name if official is not None else actor.get_username()


def _specialists(dossier: Dossier) -> list[tuple[str, str]]:
    positions = (
        Position.objects.filter(role=Role.SPECIALIST, is_active=True, unit_id=dossier.unit_id)
        .select_related("official__user", "agency")
        .order_by("official__full_name", "pk")
    )
    seen: dict[str, str] = {}
    for position in positions:
        username = position.official.user.get_username()
        agency = f" ({position.agency.name})" if position.agency else ""
        seen.setdefault(username, position.official.full_name + agency)
    return list(seen.items())


def _action_forms(
    dossier: Dossier,
    names: list[str],
    *,
    posted_action: str = "",
    posted: Any = None,
    errors: dict[str, list[str]] | None = None,
    supplement: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    errors = errors or {}
    specialists: list[tuple[str, str]] | None = None
    # The counter accepting a supplement starts from the list that was asked for.
    asked = "\n".join(supplement["request"]["documents"]) if supplement else ""
    forms = []
    for name in names:
        spec = ACTIONS.get(name)
        if spec is None:
            continue
        mine = name == posted_action and posted is not None
        fields = []
        for field in spec.fields:
            field_name = str(field)
            if field_name == "repeat_reason" and dossier.supplement_count < 1:
                continue  # asked only for a second supplement request (issue 22, part 7)
            if name == "return" and (field_name == "tracking_number") != (
                dossier.channel == Channel.POSTAL
            ):
                continue  # by post: the tracking number; at the counter: who collects it
            field_data: dict[str, Any] = {
                "name": field_name,
                "id": f"{name}-{field_name}",
                "label": ACTION_FIELD_LABELS.get((name, field_name))
                or FIELD_LABELS.get(field_name, field_name),
                "hint": FIELD_HINTS.get((name, field_name), ""),
                # A PIN is never sent back to the browser, not even after an error.
                "value": posted.get(field_name, "")
                if mine and field_name != "pin"
                else (asked if name == "supplement" and field_name == "documents" else ""),
                "errors": errors.get(field_name, []) if mine else [],
                "required": field_name not in OPTIONAL_FIELDS,
            }
            if field_name == "assignee":
                if specialists is None:
                    specialists = _specialists(dossier)
                field_data["widget"] = "select"
                field_data["options"] = specialists
            elif field_name == "proposal":
                field_data["widget"] = "radio"
                field_data["options"] = list(Proposal.choices)
            elif field_name == "new_due":
                field_data["widget"] = "datetime"
            elif field_name == "pin":
                field_data["widget"] = "password"
            elif field_name in LINE_FIELDS:
                field_data["widget"] = "line"
            else:
                field_data["widget"] = "textarea"
            fields.append(field_data)
        forms.append({"name": name, "label": spec.label, "fields": fields, "open": mine})
    return forms


def _grouped_forms(
    forms: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the forms shown, the usual next action first; the destructive ones, folded)."""
    main = [form for form in forms if form["name"] not in DESTRUCTIVE_ACTIONS]
    main.sort(key=lambda form: form["name"] not in USUAL_ACTIONS)
    return main, [form for form in forms if form["name"] in DESTRUCTIVE_ACTIONS]


def _event_text(event: DossierEvent) -> str:
    """The timeline's note of an event: its reason or note, or what money changed hands."""
    payload = event.payload
    if event.action == "correct" and isinstance(payload.get("changes"), dict):
        changed = "; ".join(
            f"{label}: “{change.get('before', '')}” → “{change.get('after', '')}”"
            for label, change in payload["changes"].items()
        )
        return f"{changed}. Lý do: {payload.get('reason', '')}"
    if event.action in {"collect_fee", "refund_fee"} and "amount" in payload:
        method = dict(PaymentMethod.choices).get(payload.get("method", ""), "")
        text = f"{format_vnd(int(payload['amount']))}, {method.lower()}"
        if payload.get("receipt_number"):
            text += f", biên lai số {payload['receipt_number']}"
        return f"{text}. {payload.get('reason', '')}".strip()
    return str(payload.get("reason") or payload.get("note") or collection_text(payload))


def signing_failure(dossier: Dossier, events: list[DossierEvent]) -> str:
    """Why the approved result of a dossier awaiting its signature is not signed yet, else ""."""
    if dossier.state != State.AWAITING_SIGNATURE:
        return ""
    for event in reversed(events):
        if event.payload.get("result") == "failed":
            return str(event.payload.get("reason") or "")
    return "Đã phê duyệt, chưa ký số được kết quả."


def _render_dossier(
    request: HttpRequest,
    dossier: Dossier,
    *,
    status: int = 200,
    error_message: str = "",
    posted_action: str = "",
    posted: Any = None,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    """The dossier page; `posted_action` names the form (a lifecycle action, or "thu-phi" /
    "hoan-phi" of the money section) whose `posted` values and `errors` are shown again."""
    events = list(
        DossierEvent.objects.filter(dossier_id=dossier.pk)
        .select_related("actor__official")
        .order_by("seq")
    )
    timeline = [
        {
            "event": event,
            "label": event_label(event.action),
            "actor": _actor_name(event),
            "text": _event_text(event),
            "proposal": dict(Proposal.choices).get(event.payload.get("proposal", ""), ""),
        }
        for event in events
    ]
    actions_done = {event.action for event in events}
    pdfs = [(_pdf_url(dossier.code, "01"), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)")]
    pdfs += [
        (_pdf_url(dossier.code, form), label)
        for form, label, triggers in NOTICE_FORMS
        if actions_done & triggers
    ]
    pdfs.append((_pdf_url(dossier.code, "06"), "Phiếu kiểm soát quá trình giải quyết (mẫu 06)"))
    # The result as issued: the signed file exactly as stored (never a fresh copy), or a
    # paper result signed by hand, which has no electronic copy to offer.
    issued = [event.payload["result"] for event in events if event.payload.get("result")]
    paper_result = dossier.status >= Status.RESULT_READY and issued[-1:] == ["paper"]
    if dossier.status >= Status.RESULT_READY and not paper_result:
        pdfs.append((_pdf_url(dossier.code, "result"), "Kết quả giải quyết (bản đã ký số)"))
    names = {doc["id"]: doc["name"] for doc in dossier.snapshot.get("required_documents", [])}
    documents = [
        {**item, "name": names.get(item.get("document", ""), item.get("document", ""))}
        for item in dossier.documents
    ]
    problems = verify_chain(dossier)
    allowed = allowed_actions(dossier, request.user)
    # The money and correction sections read the user's positions once for the page.
    standing = standing_of(request.user)
    posted_form = {"posted_form": posted_action, "posted": posted, "errors": errors}
    supplement = supplement_summary(events)
    action_forms, destructive_forms = _grouped_forms(
        _action_forms(
            dossier,
            allowed,
            posted_action=posted_action,
            posted=posted,
            errors=errors,
            supplement=supplement,
        )
    )
    context = {
        "dossier": dossier,
        "timeline": timeline,
        "chain_ok": not problems,
        "chain_problems": problems,
        "pdfs": pdfs,
        "paper_result": paper_result,
        "receipt_url": _pdf_url(dossier.code, "01"),
        "documents": documents,
        "data_rows": data_rows(dossier.procedure_version.form_schema, dossier.data),
        "action_forms": action_forms,
        "destructive_forms": destructive_forms,
        "destructive_open": any(form["open"] for form in destructive_forms),
        "signing_failure": signing_failure(dossier, events),
        "cash": cash_section(request.user, dossier, standing=standing, **posted_form),
        "correction": correction_form(request.user, dossier, standing=standing, **posted_form),
        "data_correction": data_form(request.user, dossier, standing=standing, **posted_form),
        "supplement": supplement,
        "error_message": error_message,
        "errors": errors or {},
        **attachments_context(request, dossier),
    }
    return render(request, "dossiers/detail.html", context, status=status)


def _dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Http404(not_found(code))
    return dossier


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    """`/ho-so/<code>/`: one dossier in the official's scope, else 404 (invariant 6).

    Shows the applicant in full (the view is logged by `dossier_by_code`, invariant 8), the
    documents and data received, the event timeline with the chain check, the PDFs that
    exist, and one small form per action this user may take now (`allowed_actions`).
    """
    return _render_dossier(request, _dossier_or_404(request, code))


@keeps_form()
@require_POST
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """`POST /ho-so/<code>/hanh-dong/<action>/`: run one lifecycle action from its form.

    The hidden `version` is the dossier version the page showed: a stale page gets the 409
    message instead of overwriting (invariant 5). On success, back to the dossier page with a
    message; on a refusal (403/409/422), the page again with the Vietnamese error and the
    values entered.
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(f"Không có thao tác '{action}' đối với hồ sơ.")
    dossier = _dossier_or_404(request, code)
    errors: dict[str, list[str]] = {}
    version: int | None = None
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        errors["version"] = ["Thiếu phiên bản hồ sơ; hãy tải lại trang."]
    arguments = action_arguments(tuple(spec.fields), request.POST, errors)
    if errors:
        first = next(iter(errors.values()))[0]
        return _render_dossier(
            request,
            dossier,
            status=422,
            error_message=first,
            posted_action=action,
            posted=request.POST,
            errors=errors,
        )
    try:
        spec.run(dossier, actor=request.user, expected_version=version, **arguments)
    except DossierError as error:
        return _render_dossier(
            request,
            _dossier_or_404(request, code),
            status=error.status,
            error_message=error.message,
            posted_action=action,
            posted=request.POST,
            errors=dict(error.errors),
        )
    if dossier.state == State.AWAITING_SIGNATURE:
        # Approved, but the result is not signed (wrong PIN, token absent...): no success
        # message; the page shows the reason and the signing form to retry.
        return redirect(reverse("dossiers:dossier_detail", args=[code]) + "#ky-so-loi")
    messages.success(request, f"{spec.label}: đã thực hiện đối với hồ sơ {code}.")
    return redirect("dossiers:dossier_detail", code=code)


# --- offline counter (docs/guides/offline.md) ---------------------------------------------


@login_required
def offline_intake(request: HttpRequest) -> HttpResponse:
    """`/ho-so/ngoai-tuyen/`: the installable counter that keeps receiving without internet.

    The page is an app shell: everything it shows comes from the API (cached by the service
    worker and in IndexedDB), so the same HTML works offline. Dossiers wait in the device's
    outbox and reach `POST /api/v1/dossiers` with their leased code once online, where the
    same `receive_dossier_outcome` as the counter page checks them.
    """
    if not has_role(request.user, Role.COUNTER):
        return forbidden(
            request, "Chỉ cán bộ bộ phận một cửa (vai trò tiếp nhận) mới được tiếp nhận hồ sơ."
        )
    return render(
        request,
        "dossiers/offline.html",
        {
            "province": settings.MOTCUA_PROVINCE,
            "min_parent_age": settings.MOTCUA_MIN_PARENT_AGE,
        },
    )


@login_required
def offline_receipt(request: HttpRequest) -> HttpResponse:
    """`/ho-so/ngoai-tuyen/phieu-hen/?id=<uuid>`: the print view of an offline receipt.

    Rendered on the device from IndexedDB with the fields and QR of form 01, so it prints
    without internet; the server's PDF of form 01 replaces it once the dossier is synced.
    """
    return render(request, "dossiers/offline_receipt.html", {"public_url": public_url()})


def service_worker(request: HttpRequest) -> HttpResponse:
    """`/ho-so/sw.js`: served under /ho-so/ so its scope covers the counter pages.

    Never cached by HTTP caches: a new version must reach every counter on its next visit.
    """
    response = render(request, "dossiers/sw.js", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/ho-so/"
    return response

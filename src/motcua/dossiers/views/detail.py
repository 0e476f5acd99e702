"""The dossier page and its lifecycle action forms: `/ho-so/<code>/`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from motcua.accounts.choices import Role
from motcua.accounts.models import Position
from motcua.accounts.queries import standing_of
from motcua.accounts.saved_forms import keeps_form
from motcua.core.money import format_vnd

from ..actions import ACTIONS, DossierError, allowed_actions, collection_text
from ..choices import (
    Channel,
    PaymentMethod,
    Proposal,
    State,
    Status,
    event_label,
)
from ..events import verify_chain
from ..forms import (
    ACTION_FIELD_LABELS,
    FIELD_HINTS,
    FIELD_LABELS,
    LINE_FIELDS,
    OPTIONAL_FIELDS,
    ActionForm,
    action_arguments,
    data_rows,
    first_errors,
)
from ..models import Dossier, DossierEvent
from ..supplements import supplement_summary
from .cash import cash_section
from .common import dossier_or_404, pdf_url
from .corrections import correction_form, data_form
from .files import (
    attachments_context,
)

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


def render_dossier(
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
    pdfs = [(pdf_url(dossier.code, "01"), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)")]
    pdfs += [
        (pdf_url(dossier.code, form), label)
        for form, label, triggers in NOTICE_FORMS
        if actions_done & triggers
    ]
    pdfs.append((pdf_url(dossier.code, "06"), "Phiếu kiểm soát quá trình giải quyết (mẫu 06)"))
    # The result as issued: the signed file exactly as stored (never a fresh copy), or a
    # paper result signed by hand, which has no electronic copy to offer.
    issued = [event.payload["result"] for event in events if event.payload.get("result")]
    paper_result = dossier.status >= Status.RESULT_READY and issued[-1:] == ["paper"]
    if dossier.status >= Status.RESULT_READY and not paper_result:
        pdfs.append((pdf_url(dossier.code, "result"), "Kết quả giải quyết (bản đã ký số)"))
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
        "receipt_url": pdf_url(dossier.code, "01"),
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


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    """`/ho-so/<code>/`: one dossier in the official's scope, else 404 (invariant 6).

    Shows the applicant in full (the view is logged by `dossier_by_code`, invariant 8), the
    documents and data received, the event timeline with the chain check, the PDFs that
    exist, and one small form per action this user may take now (`allowed_actions`).
    """
    return render_dossier(request, dossier_or_404(request, code))


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
    dossier = dossier_or_404(request, code)
    form = ActionForm(request.POST)
    errors = first_errors(form)
    version: int | None = form.cleaned_data.get("version")
    arguments = action_arguments(tuple(spec.fields), request.POST, errors)
    if errors:
        first = next(iter(errors.values()))[0]
        return render_dossier(
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
        return render_dossier(
            request,
            dossier_or_404(request, code),
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

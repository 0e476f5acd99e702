"""The online filing wizard (`/nop-truc-tuyen/`): start, the draft's steps, its files, consent."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.choices import AccountKind
from motcua.accounts.queries import account_of
from motcua.catalog.choices import DocumentForm
from motcua.catalog.fees import describe_fee
from motcua.catalog.queries import procedure_version
from motcua.core.proxies import client_ip
from motcua.dossiers.actions import DossierError, reusable_attachments
from motcua.dossiers.forms import (
    APPLICANT_FIELDS,
    applicant_values,
    data_rows,
    eform_data,
    eform_errors,
    eform_nodes,
    eform_text_values,
    eform_values,
    requester_errors,
    requester_fields,
    with_requester,
)
from motcua.dossiers.views.files import upload_hint
from motcua.units.queries import province_communes

from .. import actions
from ..codes import CodeError, issue_code
from ..forms import ConsentForm, DraftControlsForm, FileStartForm, WizardStepForm
from ..models import CodePurpose, Draft
from .common import STEPS, account_required, me, size_text

# --- the filing wizard -----------------------------------------------------------------


@account_required
@require_http_methods(["GET", "POST"])
def file_start(request: HttpRequest, code: str) -> HttpResponse:
    """`/nop-truc-tuyen/<code>/`: choose the commune; a POST creates the server-side draft."""
    version = procedure_version(code)
    if version is None or version.online not in {"full", "partial"}:
        raise Http404("Thủ tục này chưa nộp trực tuyến được.")
    if request.method == "POST":
        form = FileStartForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "citizens/file_start.html",
                {
                    "version": version,
                    "communes": province_communes(),
                    "error": form.errors["unit"][0],
                },
                status=422,
            )
        unit = form.cleaned_data["unit"]
        draft = actions.start_draft(owner=me(request), procedure=code, unit=unit)
        return redirect("citizens:draft", pk=draft.pk)
    return render(
        request, "citizens/file_start.html", {"version": version, "communes": province_communes()}
    )


def _own_draft(request: HttpRequest, pk: int) -> Draft:
    return get_object_or_404(Draft.objects.select_related("unit"), pk=pk, owner_id=request.user.pk)


@account_required
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """`/nop-truc-tuyen/nhap/<pk>/?buoc=1..4`: one wizard step; each POST saves the draft."""
    item = _own_draft(request, pk)
    if item.dossier_id is not None:
        return redirect("citizens:my_dossier", code=item.dossier.code)  # type: ignore[union-attr]
    version = procedure_version(item.procedure_code)
    if version is None:
        raise Http404("Thủ tục không còn áp dụng.")
    account = account_of(request.user)
    volunteer = account is not None and account.kind == AccountKind.VOLUNTEER
    step = WizardStepForm.step_of(request.POST if "buoc" in request.POST else request.GET)
    context: dict[str, Any] = {
        "draft": item,
        "version": version,
        "step": step,
        "steps": STEPS if volunteer else tuple(s for s in STEPS if s[0] != "3"),
        "volunteer": volunteer,
        "fee_text": describe_fee(version.fee_schedule),
        "upload_hint": upload_hint(),
    }
    status = 200
    if step == "1":
        errors: dict[str, list[str]] = {}
        add_row = ""
        if request.method == "POST":
            values = eform_values(request.POST)
            applicant = applicant_values(request.POST)
            # The requester of the e-form is the applicant above, typed once.
            data = with_requester(
                version.form_schema, eform_data(version.form_schema, values), applicant
            )
            actions.save_draft(item, applicant=applicant, data=data)
            controls = DraftControlsForm(request.POST)
            controls.is_valid()  # never an error: a text too long is cut
            add_row = controls.cleaned_data["them_dong"]
            if not add_row:
                errors = requester_errors(
                    version.form_schema, eform_errors(version.form_schema, data)
                )
                for name in ("full_name", "id_number"):
                    if not applicant[name]:
                        errors.setdefault(f"applicant.{name}", ["Cần nhập thông tin này."])
                if not errors:
                    return redirect(f"{reverse('citizens:draft', args=[item.pk])}?buoc=2")
                status = 422
        else:
            values = eform_text_values(version.form_schema, item.data)
        context["nodes"] = eform_nodes(
            version.form_schema,
            values=values,
            errors={
                key[len("data.") :]: items
                for key, items in errors.items()
                if key.startswith("data.")
            },
            add_row=add_row,
            hidden=frozenset(requester_fields(version.form_schema)),
        )
        context["errors"] = errors
        context["applicant_rows"] = [
            {
                "name": n,
                "label": label,
                "type": kind,
                "required": req,
                "value": item.applicant.get(n, ""),
                "errors": errors.get(f"applicant.{n}", []),
            }
            for n, label, kind, req in APPLICANT_FIELDS
        ]
    elif step == "2":
        reusable = reusable_attachments(me(request))
        if request.method == "POST":
            # A choice is "0" (upload instead) or one of this account's reusable papers.
            offered = {"0"} | {str(attachment.pk) for attachment in reusable}
            documents = [doc["id"] for doc in version.required_documents]
            choices = {d: request.POST.get(f"reuse_{d}", "") for d in documents}
            if all(choice in offered for choice in choices.values() if choice):
                for document, choice in choices.items():
                    if choice:
                        actions.choose_reuse(
                            item,
                            document=document,
                            attachment_id=int(choice) if choice != "0" else None,
                        )
                return redirect(
                    f"{reverse('citizens:draft', args=[item.pk])}?buoc={'3' if volunteer else '4'}"
                )
            context["error"] = (
                "Giấy tờ chọn dùng lại không có trong các hồ sơ bạn đã nộp và được tiếp nhận; "
                "hãy chọn lại hoặc tải tệp lên."
            )
            status = 422
        files = {row.document: row for row in item.files.all()}
        context["documents"] = [
            {
                **doc,
                "file": files.get(doc["id"]),
                "size_text": size_text(files[doc["id"]].size) if doc["id"] in files else "",
                "is_form": str(doc["id"]).startswith("to-khai"),
                "present_only": doc.get("form") == DocumentForm.PRESENT,
                "reused": item.reuse.get(doc["id"]),
                "reusable": [a for a in reusable if a.document in {doc["id"], ""}],
            }
            for doc in version.required_documents
        ]
    elif step == "3":
        context["consent"] = item.consent
    else:
        context["data_rows"] = data_rows(version.form_schema, item.data)
        context["files"] = list(item.files.all())
        context["reused"] = item.reuse
        if request.method == "POST":
            try:
                dossier = actions.submit_draft(item, actor=me(request))
            except (DossierError, actions.CitizenError) as error:
                context["error"] = error.message
                context["problems"] = [
                    p for items in getattr(error, "errors", {}).values() for p in items
                ]
                status = 422
            else:
                return redirect("citizens:submitted", code=dossier.code)
    return render(request, "citizens/draft.html", context, status=status)


@account_required
@require_POST
def draft_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload one file for one document: JSON for the XHR uploader, a redirect without JS."""
    item = _own_draft(request, pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    upload = request.FILES.get("file")
    document = request.POST.get("document", "")
    version = procedure_version(item.procedure_code)
    known = {doc["id"] for doc in version.required_documents} if version else set()
    try:
        if upload is None:
            raise actions.CitizenError(
                f"Chưa chọn tệp hoặc tệp không đến được máy chủ. {upload_hint()}"
            )
        if document not in known:
            raise actions.CitizenError("Giấy tờ không thuộc thành phần hồ sơ.")
        row = actions.add_draft_file(
            item, document=document, name=upload.name or "tep", content=upload.read()
        )
    except actions.CitizenError as error:
        if wants_json:
            return JsonResponse({"ok": False, "error": error.message}, status=error.status)
        return render(
            request,
            "citizens/message.html",
            {
                "title": "Tải lên không thành công",
                "text": error.message,
                "back": f"{reverse('citizens:draft', args=[item.pk])}?buoc=2",
            },
            status=error.status,
        )
    if wants_json:
        return JsonResponse(
            {
                "ok": True,
                "name": row.name,
                "size": row.size,
                "size_text": size_text(row.size),
                "sha256": row.sha256,
            }
        )
    return redirect(f"{reverse('citizens:draft', args=[item.pk])}?buoc=2")


@account_required
@require_POST
def draft_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer records the citizen's consent: send a code, check it, or upload a slip."""
    item = _own_draft(request, pk)
    back = f"{reverse('citizens:draft', args=[item.pk])}?buoc=3"
    form = ConsentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise actions.CitizenError(str(next(iter(form.errors.values()))[0]))
        given = form.cleaned_data
        if given["method"] == "slip":
            upload = given["slip"]
            actions.record_consent_slip(item, name=upload.name or "phieu", content=upload.read())
        elif given["code"]:
            actions.record_consent_code(item, phone=given["phone"], code=given["code"])
        else:
            phone = actions.normalize_destination(given["phone"])
            if "@" in phone:
                raise actions.CitizenError("Cần số điện thoại của người dân.")
            issue_code(phone, purpose=CodePurpose.CONSENT, ip=client_ip(request))
            item.consent = {"pending_phone": phone}
            item.save(update_fields=["consent", "updated_at"])
            return redirect(back)
    except (actions.CitizenError, CodeError) as error:
        return render(
            request,
            "citizens/message.html",
            {
                "title": "Chưa ghi nhận được",
                "text": str(getattr(error, "message", error)),
                "back": back,
            },
            status=422,
        )
    return redirect(f"{reverse('citizens:draft', args=[item.pk])}?buoc=4")

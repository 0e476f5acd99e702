"""Citizen pages: login by one-time code, the online filing wizard, "Hồ sơ của tôi", the
receipt, rating and feedback; and two staff pages (feedback queue, outbox).

Thin (ARCHITECTURE.md): parse, authorise, call `citizens.actions`, render. Every page works
without JavaScript; the upload form is enhanced with a progress bar when JS runs. The e-form
is the counter's renderer (`dossiers.forms` + `dossiers/_eform_node.html`), not a copy.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.choices import AccountKind
from motcua.accounts.queries import account_of, roles_of
from motcua.catalog.choices import DocumentForm
from motcua.catalog.fees import describe_fee
from motcua.catalog.queries import procedure_version
from motcua.documents.forms import DocumentError
from motcua.dossiers.actions import DossierError, OnlineFile, reusable_attachments
from motcua.dossiers.choices import State
from motcua.dossiers.file_views import upload_hint
from motcua.dossiers.forms import (
    APPLICANT_FIELDS,
    data_rows,
    eform_data,
    eform_errors,
    eform_nodes,
    eform_text_values,
    eform_values,
    flatten_labels,
    requester_errors,
    requester_fields,
    with_requester,
)
from motcua.dossiers.supplements import submit_supplement, supplement_of
from motcua.notifications.models import Message, MessageStatus
from motcua.portal.views import time_limit_text
from motcua.signing.seal import result_state, serve_form
from motcua.units.choices import Level
from motcua.units.models import Unit

from . import actions, queries
from .codes import CodeError, issue_code
from .forms import SupplementForm
from .models import CodePurpose, Draft, Feedback, FeedbackKind, Rating
from .satisfaction import QUESTIONS, Answer
from .satisfaction import SOURCE as SATISFACTION_SOURCE

STEPS = (
    ("1", "Thông tin và biểu mẫu"),
    ("2", "Giấy tờ"),
    ("3", "Đồng ý"),
    ("4", "Kiểm tra và nộp"),
)


def _me(request: HttpRequest) -> AbstractBaseUser:
    """The logged-in user (the decorators have checked it)."""
    return cast(AbstractBaseUser, request.user)


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _size_text(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def account_required(view: Any) -> Any:
    """A citizen or volunteer account; officials and visitors go to the citizen login."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('citizens:login')}?next={request.get_full_path()}")
        if account_of(request.user) is None:
            return render(
                request,
                "citizens/message.html",
                {"title": "Không dùng được", "text": "Trang này dành cho tài khoản công dân."},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


# --- login and registration -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """`/dang-nhap/`: phone or e-mail → one-time code → logged in (or registered)."""
    register = request.GET.get("dang_ky") == "1" or request.POST.get("register") == "1"
    context: dict[str, Any] = {
        "register": register,
        "next": request.GET.get("next") or request.POST.get("next") or "",
        "destination": request.POST.get("destination", "").strip(),
        "full_name": request.POST.get("full_name", "").strip(),
        "step": "send",
    }
    if request.method == "POST":
        try:
            destination = actions.normalize_destination(context["destination"])
            context["destination"] = destination
            if request.POST.get("code"):
                account = actions.register_or_login(
                    destination,
                    request.POST["code"],
                    full_name=context["full_name"] if register else "",
                )
                login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
                target = context["next"]
                if not target.startswith("/") or target.startswith("//"):
                    target = reverse("citizens:my_dossiers")
                return redirect(target)
            if register and not context["full_name"]:
                raise actions.CitizenError("Hãy nhập họ và tên.")
            if not register and actions.account_by_destination(destination) is None:
                raise actions.CitizenError(
                    "Chưa có tài khoản với số điện thoại hoặc thư điện tử này; hãy đăng ký."
                )
            issue_code(
                destination,
                purpose=CodePurpose.REGISTER if register else CodePurpose.LOGIN,
                ip=_ip(request),
            )
            context["step"] = "verify"
        except (actions.CitizenError, CodeError) as error:
            context["error"] = str(getattr(error, "message", error))
            context["step"] = "verify" if request.POST.get("code") else "send"
            return render(request, "citizens/login.html", context, status=422)
    return render(request, "citizens/login.html", context)


# --- my dossiers ----------------------------------------------------------------------


@account_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """`/ho-so-cua-toi/`: the account's online dossiers and their status (one query)."""
    account = account_of(request.user)
    drafts = Draft.objects.filter(owner_id=request.user.pk, dossier__isnull=True)[:20]
    return render(
        request,
        "citizens/my_dossiers.html",
        {
            "dossiers": list(queries.my_dossiers(request.user)[:200]),
            "drafts": drafts,
            "volunteer": account is not None and account.kind == AccountKind.VOLUNTEER,
        },
    )


def _rating_context(
    answers: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """The questions of the rating form with what was chosen and each one's error."""
    answers, errors = answers or {}, errors or {}
    return {
        "questions": [
            {
                "number": number,
                "code": code,
                "text": text,
                "chosen": answers.get(code, ""),
                "error": errors.get(code, ""),
            }
            for number, (code, text) in enumerate(QUESTIONS, start=1)
        ],
        "levels": Answer.choices,
        "rating_errors": errors,
        "rating_source": SATISFACTION_SOURCE,
    }


@account_required
@require_http_methods(["GET", "POST"])
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    """`/ho-so-cua-toi/<code>/`: status, receipt and, after return, the one rating: the
    satisfaction questions of `citizens.satisfaction`, none pre-chosen; an unanswered one is
    named and the answers given are kept."""
    dossier = queries.my_dossier(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    rating = Rating.objects.filter(dossier=dossier).first()
    if request.method == "POST":
        answers = {code: request.POST.get(f"q_{code}", "") for code, _ in QUESTIONS}
        reason = request.POST.get("reason", "")
        try:
            rating = actions.rate_dossier(
                dossier, actor=_me(request), answers=answers, reason=reason
            )
        except actions.CitizenError as problem:
            context = {
                "dossier": dossier,
                "rating": rating,
                "error": problem.message,
                "reason": reason,
                **_rating_context(answers, problem.errors),
                **_result_links(dossier),
            }
            return render(request, "citizens/dossier.html", context, status=problem.status)
        return redirect("citizens:my_dossier", code=dossier.code)
    return render(
        request,
        "citizens/dossier.html",
        {
            "dossier": dossier,
            "rating": rating,
            "supplement": supplement_of(dossier),
            **_rating_context(),
            **_result_links(dossier),
        },
    )


@account_required
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    """`/ho-so-cua-toi/<code>/da-nop/`: the confirmation after "Nộp hồ sơ": the dossier's
    code, what happens next (the counter checks and accepts it; the filer is told by SMS or
    e-mail), by when (the due time once set; for a dossier not yet received the time limit
    counts from acceptance, `dossiers.actions.online`), and where to follow it."""
    dossier = queries.my_dossier(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    account = account_of(request.user)
    return render(
        request,
        "citizens/submitted.html",
        {
            "dossier": dossier,
            # the version that governs this dossier, not a later one
            "limit": time_limit_text(dossier.procedure_version),
            "contact": queries.reply_contact(account, dossier),
        },
    )


def _result_links(dossier: Any) -> dict[str, str]:
    """The signed result's download for its owner (`signing/_result_download.html`)."""
    return {
        "result_state": result_state(dossier),
        "result_url": reverse("citizens:result_pdf", args=[dossier.code]),
        "verify_url": reverse("signing:result_verify", args=[dossier.code]),
    }


@account_required
def result_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """`/ho-so-cua-toi/<code>/ket-qua.pdf`: the signed result of one's own dossier, the exact
    bytes stored when it was signed (`signing.seal.stored_result`), which `/verify` reports
    genuine; a page saying why when there is none (not yet, or signed on paper)."""
    dossier = queries.my_dossier(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    try:
        served = serve_form(dossier, "result")
    except DocumentError as error:
        return render(
            request,
            "citizens/message.html",
            {
                "title": "Chưa có kết quả điện tử",
                "text": error.message,
                "back": reverse("citizens:my_dossier", args=[dossier.code]),
            },
            status=error.status,
        )
    return served.respond(f"{dossier.code}-ket-qua.pdf")


@account_required
def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt (form 01) of one's own dossier, only to the account that filed it; signed
    with the receiving agency's seal where the province enabled it (`signing.seal`)."""
    dossier = queries.my_dossier(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    try:
        served = serve_form(dossier, "01")
    except Exception as error:  # the documents app answers 404/409 errors in Vietnamese
        return render(
            request,
            "citizens/message.html",
            {"title": "Chưa có phiếu", "text": str(error)},
            status=getattr(error, "status", 409),
        )
    return served.respond(f"{dossier.code}-01.pdf")


# --- the online supplement (issue 22, part 7) ------------------------------------------


@account_required
@require_http_methods(["GET", "POST"])
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """`/ho-so-cua-toi/<code>/bo-sung/`: send the supplement asked for, online.

    Files for the procedure's documents (or another paper), the e-form corrected where
    asked, a note; `dossiers.supplements.submit_supplement` checks and records them. On an
    error the page comes back with every value typed kept and the problem next to its
    field, in Vietnamese; files must be chosen again (a browser never re-sends them).
    """
    dossier = queries.my_dossier(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    summary = supplement_of(dossier)
    if dossier.state != State.SUPPLEMENT_REQUESTED or summary is None or summary["sent"]:
        return redirect("citizens:my_dossier", code=dossier.code)
    schema = dossier.procedure_version.form_schema
    documents = dossier.snapshot.get("required_documents", [])
    saved = eform_text_values(schema, dossier.data)
    values = saved
    data_errors: dict[str, list[str]] = {}
    data_problems: list[str] = []
    changed = False
    add_row = ""
    error = ""
    status = 200
    if request.method == "POST":
        form = SupplementForm(request.POST, request.FILES, documents=documents)
        values = eform_values(request.POST)
        # Only a changed e-form is a correction (the fields are all sent, changed or not).
        changed = {k: v for k, v in values.items() if v} != {k: v for k, v in saved.items() if v}
        data = eform_data(schema, values) if changed else None
        if data is not None:
            data_errors = eform_errors(schema, data)
        add_row = request.POST.get("them_dong", "").strip()[:100]
        if add_row:  # "Thêm một dòng" in a list of the e-form: the same page, one row more
            form = SupplementForm(request.POST, documents=documents)
            data_errors = {}
        elif form.is_valid() and not data_errors:
            files = [
                OnlineFile(document=doc, name=upload.name or "tep", content=upload.read())
                for doc, upload in form.uploads()
            ]
            try:
                submit_supplement(
                    dossier,
                    actor=_me(request),
                    files=files,
                    data=data,
                    note=form.cleaned_data["note"],
                    expected_version=int(request.POST.get("version") or dossier.version),
                )
            except DossierError as problem:
                error = problem.message
                for key, items in problem.errors.items():
                    field = "note" if key == "note" else f"tep_{key.removeprefix('files.')}"
                    if field in form.fields:
                        form.add_error(field, items)
                    elif key == "data":
                        data_problems = items
                status = problem.status
            else:
                messages.success(
                    request,
                    f"Đã gửi bổ sung cho hồ sơ {dossier.code}. Bộ phận một cửa sẽ kiểm tra; "
                    "thời hạn giải quyết được tính tiếp từ khi cán bộ nhận bổ sung.",
                )
                return redirect("citizens:my_dossier", code=dossier.code)
        else:
            error = "Thông tin bổ sung chưa hợp lệ, hãy xem các ô có báo lỗi."
            status = 422
    else:
        form = SupplementForm(documents=documents)
    nodes = eform_nodes(schema, values=values, errors=data_errors, add_row=add_row)
    labels = flatten_labels(nodes)
    problems = [
        f"{labels.get(name, name)}: {item}" for name, items in data_errors.items() for item in items
    ] + data_problems
    context = {
        "dossier": dossier,
        "supplement": summary,
        "form": form,
        "nodes": nodes,
        "eform_open": bool(data_errors or data_problems or add_row) or changed,
        "problems": problems,
        "error": error,
        "max_mb": settings.MOTCUA_MAX_UPLOAD_MB,
    }
    return render(request, "citizens/supplement.html", context, status=status)


# --- the filing wizard -----------------------------------------------------------------


def _communes() -> list[Unit]:
    return list(
        Unit.objects.filter(parent_id=settings.MOTCUA_PROVINCE, level=Level.COMMUNE, is_active=True)
        .only("code", "name")
        .order_by("name_folded", "code")
    )


@account_required
@require_http_methods(["GET", "POST"])
def file_start(request: HttpRequest, code: str) -> HttpResponse:
    """`/nop-truc-tuyen/<code>/`: choose the commune; a POST creates the server-side draft."""
    version = procedure_version(code)
    if version is None or version.online not in {"full", "partial"}:
        raise Http404("Thủ tục này chưa nộp trực tuyến được.")
    if request.method == "POST":
        unit = request.POST.get("unit", "").strip()[:5]
        if not Unit.objects.filter(code=unit, level=Level.COMMUNE).exists():
            return render(
                request,
                "citizens/file_start.html",
                {"version": version, "communes": _communes(), "error": "Hãy chọn xã, phường."},
                status=422,
            )
        draft = actions.start_draft(owner=_me(request), procedure=code, unit=unit)
        return redirect("citizens:draft", pk=draft.pk)
    return render(
        request, "citizens/file_start.html", {"version": version, "communes": _communes()}
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
    step = request.GET.get("buoc") or request.POST.get("buoc") or "1"
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
            applicant = {
                name: request.POST.get(f"applicant_{name}", "").strip()
                for name, *_ in APPLICANT_FIELDS
            }
            # The requester of the e-form is the applicant above, typed once.
            data = with_requester(
                version.form_schema, eform_data(version.form_schema, values), applicant
            )
            actions.save_draft(item, applicant=applicant, data=data)
            add_row = request.POST.get("them_dong", "").strip()[:100]
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
        if request.method == "POST":
            for document in [doc["id"] for doc in version.required_documents]:
                choice = request.POST.get(f"reuse_{document}")
                if choice:
                    actions.choose_reuse(
                        item,
                        document=document,
                        attachment_id=int(choice) if choice != "0" else None,
                    )
            return redirect(
                f"{reverse('citizens:draft', args=[item.pk])}?buoc={'3' if volunteer else '4'}"
            )
        files = {row.document: row for row in item.files.all()}
        reusable = reusable_attachments(_me(request))
        context["documents"] = [
            {
                **doc,
                "file": files.get(doc["id"]),
                "size_text": _size_text(files[doc["id"]].size) if doc["id"] in files else "",
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
                dossier = actions.submit_draft(item, actor=_me(request))
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
                "size_text": _size_text(row.size),
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
    try:
        if request.POST.get("method") == "slip":
            upload = request.FILES.get("slip")
            if upload is None:
                raise actions.CitizenError("Chưa chọn tệp phiếu đồng ý.")
            actions.record_consent_slip(item, name=upload.name or "phieu", content=upload.read())
        elif request.POST.get("code"):
            actions.record_consent_code(
                item, phone=request.POST.get("phone", ""), code=request.POST["code"]
            )
        else:
            phone = actions.normalize_destination(request.POST.get("phone", ""))
            if "@" in phone:
                raise actions.CitizenError("Cần số điện thoại của người dân.")
            issue_code(phone, purpose=CodePurpose.CONSENT, ip=_ip(request))
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


# --- feedback ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """`/phan-anh/`: anyone sends a report or proposal to a commune, with its response
    deadline; a visitor who is not signed in leaves a phone or an e-mail for the reply. Each
    problem is shown next to its field, and everything typed is kept."""
    context: dict[str, Any] = {
        "communes": _communes(),
        "kinds": FeedbackKind.choices,
        "signed_in": request.user.is_authenticated,
        "post": {},
        "errors": {},
    }
    if request.method == "POST":
        fields = ("kind", "unit", "text", "dossier_code", "name", "phone", "email")
        values = {name: request.POST.get(name, "") for name in fields}
        try:
            item = actions.send_feedback(actor=request.user, **values)
        except actions.CitizenError as error:
            context.update({"error": error.message, "errors": error.errors, "post": values})
            return render(request, "citizens/feedback.html", context, status=error.status)
        context["sent"] = item
    return render(request, "citizens/feedback.html", context)


def _official(request: HttpRequest) -> bool:
    return bool(roles_of(request.user)) or bool(getattr(request.user, "is_superuser", False))


@login_required
@require_http_methods(["GET", "POST"])
def feedback_queue(request: HttpRequest) -> HttpResponse:
    """`/can-bo/phan-anh/`: open feedback of the official's units, nearest deadline first."""
    if not _official(request):
        return render(
            request,
            "citizens/message.html",
            {"title": "Không có quyền", "text": "Trang này dành cho cán bộ."},
            status=403,
        )
    error = ""
    if request.method == "POST":
        item = get_object_or_404(queries.feedback_queue(request.user), pk=request.POST.get("id"))
        try:
            actions.respond_feedback(
                item, actor=_me(request), response=request.POST.get("response", "")
            )
        except actions.CitizenError as problem:
            error = problem.message
        else:
            return redirect("citizens:feedback_queue")
    items: list[Feedback] = list(queries.feedback_queue(request.user)[:200])
    return render(request, "citizens/feedback_queue.html", {"items": items, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def outbox(request: HttpRequest) -> HttpResponse:
    """`/can-bo/hop-thu-di/`: pending and failed outbound messages (invariant 7), masked."""
    if not _official(request):
        return render(
            request,
            "citizens/message.html",
            {"title": "Không có quyền", "text": "Trang này dành cho cán bộ."},
            status=403,
        )
    if request.method == "POST":
        from motcua.notifications.actions import retry_message

        message = get_object_or_404(Message, pk=request.POST.get("id"))
        retry_message(message)
        return redirect("citizens:outbox")
    messages = list(
        Message.objects.filter(status__in=[MessageStatus.PENDING, MessageStatus.FAILED])
        .only(
            "channel",
            "destination",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "purpose",
            "dossier_code",
            "created_at",
        )
        .order_by("status", "next_attempt_at", "pk")[:200]
    )
    for message in messages:
        message.purpose_label = purpose_label(message.purpose)  # type: ignore[attr-defined]
    return render(request, "citizens/outbox.html", {"messages": messages})


def purpose_label(purpose: str) -> str:
    """What a message was about, in Vietnamese: "Mã xác thực: Đăng nhập", or the dossier event
    it tells of ("Tiếp nhận hồ sơ")."""
    from motcua.dossiers.choices import OTHER_EVENT, event_label

    if purpose.startswith("code_"):
        kind = dict(CodePurpose.choices).get(purpose.removeprefix("code_"), "")
        return f"Mã xác thực: {kind}" if kind else "Mã xác thực"
    label = event_label(purpose)
    return label if label != OTHER_EVENT else "Thông báo"

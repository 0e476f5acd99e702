"""The citizen's own dossiers (`/ho-so-cua-toi/`): the list, one dossier with its rating,
the confirmation after filing, the receipt and the result."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from motcua.accounts.choices import AccountKind
from motcua.accounts.queries import account_of
from motcua.documents.forms import DocumentError
from motcua.dossiers.access import openings_of
from motcua.dossiers.lookup_tokens import display_token
from motcua.dossiers.supplements import supplement_of
from motcua.portal.views import time_limit_text
from motcua.signing.seal import result_state, serve_form

from .. import actions, queries
from ..forms import RatingForm
from ..models import Draft, Rating
from ..satisfaction import QUESTIONS, Answer
from ..satisfaction import SOURCE as SATISFACTION_SOURCE
from .common import account_required, me

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
        form = RatingForm(request.POST, questions=QUESTIONS)
        form.is_valid()  # reads only: which answers are required is the action's rule
        answers = form.answers()
        reason = form.cleaned_data["reason"]
        try:
            rating = actions.rate_dossier(
                dossier, actor=me(request), answers=answers, reason=reason
            )
        except actions.CitizenError as problem:
            context = {
                "dossier": dossier,
                "rating": rating,
                "error": problem.message,
                "reason": reason,
                **_rating_context(answers, problem.errors),
                **_result_links(dossier),
                **_openings(dossier),
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
            **_openings(dossier),
        },
    )


def lookup_link(code: str) -> dict[str, str]:
    """The owner's link to the public lookup, carrying the receipt's token, and the token."""
    token = display_token(code)
    return {
        "lookup_token": token,
        "lookup_url": f"{reverse('portal:lookup')}?{urlencode({'ma': code, 't': token})}",
    }


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
            **lookup_link(dossier.code),
        },
    )


def _result_links(dossier: Any) -> dict[str, str]:
    """The signed result's download for its owner (`signing/_result_download.html`), and
    the public lookup's link with the receipt's token (the code alone shows only that the
    dossier exists)."""
    return {
        **lookup_link(dossier.code),
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


def _openings(dossier: Any) -> dict[str, Any]:
    """Who of the officials opened the dossier in full, and when (`dossiers.access`)."""
    total, openings = openings_of(dossier)
    return {"openings_total": total, "openings": openings}

"""Staff pages for money at the counter (issue 22, part 4; `dossiers.cash` does the work).

The dossier page's "Phí, lệ phí" section (`cash_section`): what is owed, each payment with
its receipt number, the collect form and, folded, the refund form. `/ho-so/thu-phi/`: the
officer's payments since their last close, totals by method and the "Chốt quỹ" button;
`/ho-so/thu-phi/chot/<id>/`: the close's summary, printable on A4 with signature lines.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.choices import Role
from motcua.accounts.queries import Standing, has_role
from motcua.accounts.saved_forms import keeps_form
from motcua.core.money import format_vnd

from ..actions import DossierError
from ..cash import (
    account_of,
    close_cash,
    collect_fee,
    may_take_money,
    open_payments,
    payments_of,
    refund_fee,
    totals_of,
)
from ..choices import PaymentKind, PaymentMethod
from ..models import CashClosing, Dossier, FeePayment
from .common import dossier_or_404

COLLECT_FORM = "thu-phi"
REFUND_FORM = "hoan-phi"
RECENT_CLOSINGS = 10


def _officer_name(user: Any) -> str:
    official = getattr(user, "official", None)
    if official is not None:
        return str(official.full_name)
    return str(user.get_full_name() or user.get_username())


def cash_section(
    user: Any,
    dossier: Dossier,
    *,
    standing: Standing,
    posted_form: str = "",
    posted: Any = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any] | None:
    """What the dossier page shows of its money, or None when nothing is owed or paid."""
    payments = payments_of(dossier)
    if not dossier.fee and not payments:
        return None
    account = account_of(dossier, payments)
    allowed = may_take_money(dossier, user, standing)
    # Money goes back the way it came, unless the officer says otherwise.
    collected = [payment for payment in payments if payment.kind == PaymentKind.COLLECT]
    last_method = collected[-1].method if collected else PaymentMethod.CASH

    def form(name: str, **defaults: str) -> dict[str, Any]:
        mine = posted_form == name and posted is not None
        values = {key: (posted.get(key, "") if mine else value) for key, value in defaults.items()}
        return {"values": values, "errors": (errors or {}) if mine else {}, "open": mine}

    return {
        "account": account,
        "payments": [
            {
                "payment": payment,
                "officer": _officer_name(payment.officer),
                "refund": payment.kind == PaymentKind.REFUND,
            }
            for payment in payments
        ],
        "methods": PaymentMethod.choices,
        "collect": (
            form(COLLECT_FORM, amount=str(account.outstanding), method="cash", receipt_number="")
            if allowed and account.outstanding and dossier.state not in {"submitted", "refused"}
            else None
        ),
        "refund": (
            form(REFUND_FORM, amount=str(account.paid), method=last_method, reason="")
            if allowed and account.paid
            else None
        ),
    }


def _money_action(request: HttpRequest, code: str, form: str) -> HttpResponse:
    from .detail import render_dossier  # the page renders the section

    dossier = dossier_or_404(request, code)
    post = request.POST
    try:
        if form == COLLECT_FORM:
            payment = collect_fee(
                dossier,
                actor=request.user,  # type: ignore[arg-type]
                amount=post.get("amount", ""),
                method=post.get("method", ""),
                receipt_number=post.get("receipt_number", ""),
            )
            done = f"Đã thu {format_vnd(payment.amount)}, biên lai số {payment.receipt_number}."
        else:
            payment = refund_fee(
                dossier,
                actor=request.user,  # type: ignore[arg-type]
                amount=post.get("amount", ""),
                method=post.get("method", ""),
                reason=post.get("reason", ""),
            )
            done = f"Đã hoàn trả {format_vnd(payment.amount)} cho người nộp."
    except DossierError as error:
        return render_dossier(
            request,
            dossier_or_404(request, code),
            status=error.status,
            error_message=error.message,
            posted_action=form,
            posted=post,
            errors=dict(error.errors),
        )
    messages.success(request, done)
    return redirect("dossiers:dossier_detail", code=code)


@keeps_form()
@require_POST
def dossier_collect(request: HttpRequest, code: str) -> HttpResponse:
    """`POST /ho-so/<code>/thu-phi/`: money taken for the dossier's fee, with its receipt."""
    return _money_action(request, code, COLLECT_FORM)


@keeps_form()
@require_POST
def dossier_refund(request: HttpRequest, code: str) -> HttpResponse:
    """`POST /ho-so/<code>/hoan-phi/`: money given back, with its reason."""
    return _money_action(request, code, REFUND_FORM)


def _rows(payments: list[FeePayment]) -> list[dict[str, Any]]:
    return [
        {
            "number": number,
            "payment": payment,
            "signed_amount": -payment.amount
            if payment.kind == PaymentKind.REFUND
            else payment.amount,
        }
        for number, payment in enumerate(payments, start=1)
    ]


def _by_method(by_method: dict[str, int]) -> list[tuple[str, int]]:
    labels = dict(PaymentMethod.choices)
    return [(labels.get(key, key), amount) for key, amount in sorted(by_method.items())]


@login_required
@require_http_methods(["GET", "POST"])
def cash_day(request: HttpRequest) -> HttpResponse:
    """`/ho-so/thu-phi/`: the officer's payments not yet closed; POST closes them (chốt quỹ)
    and opens the printable summary."""
    if not has_role(request.user, Role.COUNTER):
        from .common import forbidden

        return forbidden(request, "Chỉ cán bộ bộ phận một cửa mới thu phí, lệ phí.")
    if request.method == "POST":
        try:
            closing = close_cash(request.user)  # type: ignore[arg-type]
        except DossierError as error:
            messages.error(request, error.message)
            return redirect("dossiers:cash_day")
        messages.success(request, "Đã chốt quỹ. In bảng kê dưới đây để bàn giao tiền.")
        return redirect("dossiers:cash_closing", pk=closing.pk)
    payments = list(open_payments(request.user).select_related("agency"))  # type: ignore[arg-type]
    totals = totals_of(payments)
    closings = CashClosing.objects.filter(officer_id=request.user.pk)[:RECENT_CLOSINGS]
    return render(
        request,
        "dossiers/cash_day.html",
        {
            "rows": _rows(payments),
            "totals": totals,
            "by_method": _by_method(totals.by_method),
            "closings": closings,
            "officer": _officer_name(request.user),
        },
    )


@login_required
def cash_closing(request: HttpRequest, pk: int) -> HttpResponse:
    """`/ho-so/thu-phi/chot/<id>/`: one close of cash, as printed for the hand-over; only
    the officer who closed it sees it (a leader reads the tracking book)."""
    closing = (
        CashClosing.objects.filter(pk=pk, officer_id=request.user.pk)
        .select_related("officer__official")
        .first()
    )
    if closing is None:
        raise Http404("Không có bảng kê chốt quỹ này của bạn.")
    payments = list(closing.payments.select_related("dossier", "agency__unit").order_by("at", "pk"))
    first = payments[0] if payments else None
    return render(
        request,
        "dossiers/cash_closing.html",
        {
            "closing": closing,
            "rows": _rows(payments),
            "by_method": _by_method(closing.by_method),
            "officer": _officer_name(closing.officer),
            "agency": first.agency if first else None,
            "since": first.at if first else closing.closed_at,
        },
    )

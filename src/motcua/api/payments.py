"""Money of a dossier (issue 22, part 4): what it owes, what was paid, collect and refund.

    GET  /api/v1/dossiers/{code}/payments          the account and every payment
    POST /api/v1/dossiers/{code}/payments          collect: amount, method, receipt_number
    POST /api/v1/dossiers/{code}/payments/refunds  refund: amount, method, reason

Thin: scope the dossier (404 outside, invariant 6), call `dossiers.cash`, answer. Refusals
are problem+json with the Vietnamese message per field, as for the lifecycle actions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from motcua.accounts.queries import display_name
from motcua.dossiers.actions import DossierError
from motcua.dossiers.cash import account_of, collect_fee, payments_of, refund_fee
from motcua.dossiers.models import FeePayment

from .auth import auth
from .dossiers import dossier_problem, scoped_dossier

router = Router(tags=["dossiers"], auth=auth)


class PaymentOut(Schema):
    kind: str
    amount: int
    method: str
    receipt_number: str
    reason: str
    officer: str
    at: datetime

    @staticmethod
    def resolve_officer(obj: FeePayment) -> str:
        return display_name(obj.officer) or ""

    @staticmethod
    def resolve_at(obj: FeePayment) -> datetime:
        return timezone.localtime(obj.at)


class AccountOut(Schema):
    fee: int
    collected: int
    refunded: int
    paid: int
    outstanding: int
    payments: list[PaymentOut]


class CollectIn(Schema):
    amount: int = Field(gt=0, lt=10**12)
    method: str = Field("cash", max_length=16)
    receipt_number: str = Field(max_length=40)


class RefundIn(Schema):
    amount: int = Field(gt=0, lt=10**12)
    method: str = Field("cash", max_length=16)
    reason: str = Field(max_length=2000)


def _account(request: HttpRequest, code: str) -> dict[str, Any]:
    dossier = scoped_dossier(request, code)
    payments = payments_of(dossier)
    account = account_of(dossier, payments)
    return {
        "fee": account.fee,
        "collected": account.collected,
        "refunded": account.refunded,
        "paid": account.paid,
        "outstanding": account.outstanding,
        "payments": payments,
    }


@router.get("/{code}/payments", response=AccountOut, summary="Phí, lệ phí của hồ sơ")
def dossier_payments(request: HttpRequest, code: str) -> dict[str, Any]:
    return _account(request, code)


@router.post("/{code}/payments", response={201: AccountOut}, summary="Ghi khoản thu phí, lệ phí")
def collect(request: HttpRequest, code: str, payload: CollectIn) -> Status[dict[str, Any]]:
    try:
        collect_fee(
            scoped_dossier(request, code),
            actor=request.user,  # type: ignore[arg-type]
            amount=payload.amount,
            method=payload.method,
            receipt_number=payload.receipt_number,
        )
    except DossierError as error:
        raise dossier_problem(error) from error
    return Status(201, _account(request, code))


@router.post(
    "/{code}/payments/refunds",
    response={201: AccountOut},
    summary="Hoàn trả phí, lệ phí (có lý do)",
)
def refund(request: HttpRequest, code: str, payload: RefundIn) -> Status[dict[str, Any]]:
    try:
        refund_fee(
            scoped_dossier(request, code),
            actor=request.user,  # type: ignore[arg-type]
            amount=payload.amount,
            method=payload.method,
            reason=payload.reason,
        )
    except DossierError as error:
        raise dossier_problem(error) from error
    return Status(201, _account(request, code))

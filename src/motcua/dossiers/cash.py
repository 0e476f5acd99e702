"""Money at the counter (issue 22, part 4): a dossier's fee collected with the number of the
receipt handed over, refunds with their reason, and each officer's close of cash.

The fee a dossier owes is `Dossier.fee`, fixed at intake (`catalog.fees`); what was paid is
the sum of its `FeePayment` rows. `collect_fee` and `refund_fee` are the only writes, each in
one transaction with the dossier's event (invariant 1); neither changes the dossier's state
or version, so an officer's open action form stays valid. `close_cash` gathers the officer's
payments not yet closed into one `CashClosing`, whose totals the printed summary shows.

Who may take money: a counter officer (một cửa) of the centre that received the dossier or
of the competent commune: the citizen pays where they file or where they collect.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.accounts.queries import Standing
from motcua.core.money import format_vnd

from .actions.acting import lock
from .actions.errors import DossierConflictError, DossierInvalidError, DossierPermissionError
from .choices import PaymentKind, PaymentMethod, State
from .events import append_event
from .guards import counter_may
from .models import CashClosing, Dossier, FeePayment

MAX_AMOUNT = 10**12  # a trillion đồng: more is a typing slip, and fits every database
# Money is not taken for a dossier the counter has not received or has turned away.
NO_MONEY_STATES = frozenset({State.SUBMITTED, State.REFUSED})
MAX_REASON = 2000


@dataclass(frozen=True)
class FeeAccount:
    """What a dossier owes and what was paid for it, in đồng."""

    fee: int
    collected: int
    refunded: int

    @property
    def paid(self) -> int:
        return self.collected - self.refunded

    @property
    def outstanding(self) -> int:
        return max(self.fee - self.paid, 0)


def account_of(dossier: Dossier, payments: Iterable[FeePayment]) -> FeeAccount:
    collected = refunded = 0
    for payment in payments:
        if payment.kind == PaymentKind.COLLECT:
            collected += payment.amount
        else:
            refunded += payment.amount
    return FeeAccount(dossier.fee, collected, refunded)


def payments_of(dossier: Dossier) -> list[FeePayment]:
    """The dossier's payments, oldest first, with their officer (one query)."""
    return list(
        FeePayment.objects.filter(dossier_id=dossier.pk)
        .select_related("officer__official")
        .order_by("at", "pk")
    )


def may_take_money(dossier: Dossier, user: Any, standing: Standing) -> bool:
    """A counter officer of the receiving centre's commune or of the competent commune."""
    return counter_may("collect_fee", dossier, user, standing)


def parse_amount(value: Any, field: str, label: str) -> int:
    """A whole number of đồng from what was typed ("20.000", "20000", 20000), else a 422 that
    names the field."""
    text = str(value if value is not None else "").strip().replace(".", "").replace(" ", "")
    text = text.removesuffix("đồng").removesuffix("đ")
    if not text.isdigit() or int(text) <= 0 or int(text) >= MAX_AMOUNT:
        message = f"{label}: nhập số đồng lớn hơn 0, ví dụ 20000 hoặc 20.000."
        raise DossierInvalidError(message, {field: [message]})
    return int(text)


def _method(value: str) -> str:
    if value not in PaymentMethod.values:
        message = "Hình thức nộp: chọn tiền mặt, chuyển khoản hoặc thẻ."
        raise DossierInvalidError(message, {"method": [message]})
    return value


def _checked(
    dossier: Dossier, actor: AbstractBaseUser, doing: str, *, refund: bool = False
) -> Dossier:
    """The locked dossier once the actor may take money for it (403), and, for a collection,
    once it is in a state money is taken in (409); a refund is possible in any state."""
    locked, standing = lock(dossier, actor=actor)
    if not may_take_money(locked, actor, standing):
        raise DossierPermissionError(
            f"Chỉ cán bộ một cửa nơi tiếp nhận hoặc của đơn vị giải quyết mới được {doing}."
        )
    if not refund and locked.state in NO_MONEY_STATES:
        raise DossierConflictError(
            f"Hồ sơ {locked.code} đang “{locked.get_state_display()}”: không {doing}."
        )
    return locked


def _record(
    dossier: Dossier, locked: Dossier, actor: AbstractBaseUser, kind: str, **fields: Any
) -> FeePayment:
    """The payment row and its event (`collect_fee` / `refund_fee`), in the caller's
    transaction; the event's payload is what the row holds beyond who, where and when."""
    now = timezone.now()
    payment = FeePayment.objects.create(
        dossier=locked,
        agency_id=locked.receiving_agency_id,
        kind=kind,
        officer_id=actor.pk,
        at=now,
        **fields,
    )
    action = "collect_fee" if kind == PaymentKind.COLLECT else "refund_fee"
    append_event(locked, action=action, actor=actor, at=now, payload=fields)
    dossier.refresh_from_db()
    return payment


def receipt_number_taken(dossier: Dossier, receipt_number: str) -> bool:
    return FeePayment.objects.filter(
        agency_id=dossier.receiving_agency_id,
        kind=PaymentKind.COLLECT,
        receipt_number=receipt_number,
    ).exists()


def receipt_number_problem(dossier: Dossier, receipt_number: str) -> str:
    """Why this receipt number cannot be used for the dossier's payment, or ""."""
    if not receipt_number:
        return "Số biên lai: cần nhập số biên lai thu phí, lệ phí giao cho người nộp."
    if len(receipt_number) > 40:
        return "Số biên lai: tối đa 40 ký tự."
    if receipt_number_taken(dossier, receipt_number):
        return f"Số biên lai: số {receipt_number} đã ghi cho một khoản thu khác của nơi tiếp nhận."
    return ""


@transaction.atomic
def collect_fee(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    amount: Any,
    method: str,
    receipt_number: str,
) -> FeePayment:
    """Record money taken for the dossier's fee: 422 naming the field when the amount is not
    a positive number or is more than what is still owed, the method unknown, or the receipt
    number missing or already used at this centre."""
    locked = _checked(dossier, actor, "thu phí, lệ phí")
    value = parse_amount(amount, "amount", "Số tiền thu")
    account = account_of(locked, FeePayment.objects.filter(dossier_id=locked.pk))
    if value > account.outstanding:
        message = (
            f"Số tiền thu: hồ sơ còn phải nộp {format_vnd(account.outstanding)}; "
            f"không thu {format_vnd(value)}."
        )
        raise DossierInvalidError(message, {"amount": [message]})
    method = _method(method)
    number = (receipt_number or "").strip()
    problem = receipt_number_problem(locked, number)
    if problem:
        raise DossierInvalidError(problem, {"receipt_number": [problem]})
    return _record(
        dossier,
        locked,
        actor,
        PaymentKind.COLLECT,
        amount=value,
        method=method,
        receipt_number=number,
    )


@transaction.atomic
def refund_fee(
    dossier: Dossier,
    *,
    actor: AbstractBaseUser,
    amount: Any,
    method: str,
    reason: str,
) -> FeePayment:
    """Give back money collected for the dossier, with the reason (a refund is never an edit
    of the collection): 422 naming the field when the amount is more than was paid or the
    reason is empty."""
    locked = _checked(dossier, actor, "hoàn trả phí, lệ phí", refund=True)
    value = parse_amount(amount, "amount", "Số tiền hoàn trả")
    account = account_of(locked, FeePayment.objects.filter(dossier_id=locked.pk))
    if value > account.paid:
        message = (
            f"Số tiền hoàn trả: hồ sơ mới nộp {format_vnd(account.paid)}; "
            f"không hoàn trả {format_vnd(value)}."
        )
        raise DossierInvalidError(message, {"amount": [message]})
    method = _method(method)
    text = (reason or "").strip()
    if not text:
        message = "Lý do hoàn trả: cần ghi lý do (ví dụ thu nhầm mức, hồ sơ bị từ chối)."
        raise DossierInvalidError(message, {"reason": [message]})
    if len(text) > MAX_REASON:
        message = f"Lý do hoàn trả: tối đa {MAX_REASON} ký tự."
        raise DossierInvalidError(message, {"reason": [message]})
    return _record(
        dossier, locked, actor, PaymentKind.REFUND, amount=value, method=method, reason=text
    )


def open_payments(officer: AbstractBaseUser) -> QuerySet[FeePayment]:
    """The officer's payments not yet closed, oldest first, with their dossier."""
    return (
        FeePayment.objects.filter(officer_id=officer.pk, closing__isnull=True)
        .select_related("dossier")
        .order_by("at", "pk")
    )


@dataclass(frozen=True)
class CashTotals:
    count: int
    collected: int
    refunded: int
    by_method: dict[str, int]

    @property
    def net(self) -> int:
        return self.collected - self.refunded


def totals_of(payments: Iterable[FeePayment]) -> CashTotals:
    """Counts and sums (a refund counts against its method)."""
    count = collected = refunded = 0
    by_method: dict[str, int] = defaultdict(int)
    for payment in payments:
        count += 1
        if payment.kind == PaymentKind.COLLECT:
            collected += payment.amount
            by_method[payment.method] += payment.amount
        else:
            refunded += payment.amount
            by_method[payment.method] -= payment.amount
    return CashTotals(count, collected, refunded, dict(by_method))


@transaction.atomic
def close_cash(officer: AbstractBaseUser) -> CashClosing:
    """Close the officer's cash: every payment they took or gave back since their last close
    goes into one `CashClosing` (409 when there is none)."""
    payments = list(open_payments(officer).select_for_update(of=("self",)))
    if not payments:
        raise DossierConflictError("Không có khoản thu hoặc hoàn trả nào chưa chốt.")
    totals = totals_of(payments)
    closing = CashClosing.objects.create(
        officer_id=officer.pk,
        closed_at=timezone.now(),
        payments_count=totals.count,
        collected=totals.collected,
        refunded=totals.refunded,
        by_method=totals.by_method,
    )
    FeePayment.objects.filter(pk__in=[payment.pk for payment in payments]).update(closing=closing)
    return closing

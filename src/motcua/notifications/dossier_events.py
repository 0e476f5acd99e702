"""What the online filer hears about their dossier (issue 5, part 4), by SMS or e-mail.

`notify_dossier_event` is called explicitly, never from a signal (STYLE.md): by
`citizens.actions` after an online submission, and by the lifecycle's `_commit` after commit
for dossiers with `submitted_by` set. It queues one message in the outbox for: acceptance,
refusal, a supplement request (with the exact list of documents), and a result ready.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.workcal.deadlines import TZ

from .actions import queue_message
from .models import MessageChannel


def _contact(dossier: Any) -> tuple[str, str] | None:
    from motcua.accounts.models import Account

    account = Account.objects.filter(user_id=dossier.submitted_by_id).first()
    if account is not None and account.phone:
        return MessageChannel.SMS, account.phone
    if account is not None and account.email:
        return MessageChannel.EMAIL, account.email
    if dossier.applicant_phone:
        return MessageChannel.SMS, dossier.applicant_phone
    if dossier.applicant_email:
        return MessageChannel.EMAIL, dossier.applicant_email
    return None


def message_text(dossier: Any, action: str) -> str | None:
    """The Vietnamese text for this event, or None when the filer need not be told."""
    from motcua.dossiers.models import DossierEvent

    code = dossier.code
    if action == "submit":
        return (
            f"Hồ sơ {code} ({dossier.procedure_name}) đã được nộp trực tuyến, đang chờ "
            "cán bộ một cửa tiếp nhận."
        )
    if action == "accept":
        due = (
            f" Hẹn trả kết quả: {dossier.due_at.astimezone(TZ):%H:%M ngày %d/%m/%Y}."
            if dossier.due_at
            else ""
        )
        return f"Hồ sơ {code} đã được tiếp nhận.{due}"
    if action == "refuse":
        return f"Hồ sơ {code} không được tiếp nhận. Lý do: {dossier.closing_reason}"
    if action in {"request_supplement", "request-supplement"}:
        event = (
            DossierEvent.objects.filter(dossier_id=dossier.pk, action="request_supplement")
            .order_by("-seq")
            .first()
        )
        payload = event.payload if event is not None else {}
        items = [str(item) for item in payload.get("documents", [])]
        listed = "; ".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
        reason = payload.get("reason", "")
        return f"Hồ sơ {code} cần bổ sung, hoàn thiện (một lần): {listed}." + (
            f" Lý do: {reason}." if reason else ""
        )
    if dossier.state == "result_ready":
        return f"Hồ sơ {code} đã có kết quả. Mời ông/bà đến nhận kết quả theo phiếu hẹn."
    return None


def notify_dossier_event(dossier: Any, action: str) -> None:
    """Queue the message for this event of an online dossier (a `Dossier` or its pk).

    Safe to call after commit from the lifecycle: it opens its own transaction, and does
    nothing for counter dossiers (no `submitted_by`) or events the filer need not hear of.
    """
    from motcua.dossiers.models import Dossier

    if not isinstance(dossier, Dossier):
        dossier = Dossier.objects.filter(pk=dossier).first()
    if dossier is None or dossier.submitted_by_id is None:
        return
    text = message_text(dossier, action)
    contact = _contact(dossier)
    if text is None or contact is None:
        return
    channel, destination = contact
    with transaction.atomic():
        queue_message(
            channel=channel,
            destination=destination,
            body=text,
            subject=f"Hồ sơ {dossier.code}",
            purpose=action.replace("-", "_"),
            dossier_code=dossier.code,
        )

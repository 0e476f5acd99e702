"""What an applicant hears about their dossier (issue 5, part 4; issue 22, part 7).

The texts live with the dossiers; the outbox (`motcua.notifications`) only queues and sends
them and knows nothing about dossiers (issue 25, part 4).

Every applicant with a phone or e-mail is told, walk-ins included: received (with the due
time), a supplement requested (with the list), the result ready, and the result returned;
an online filer also hears of the submission and a refusal. `notify_dossier_event` is called
explicitly, never from a signal (STYLE.md), inside the transaction of the change that causes
it: by the counter's intake (`dossiers.actions`), by online filing (`citizens.actions`), and
by every lifecycle action's `commit`. The message row is written in that transaction (the
outbox pattern, invariant 7): a rolled-back change tells nobody, a committed one is never
lost, and delivery happens after commit.

Texts are short (at most `SMS_MAX_CHARS`) and carry no personal data beyond the dossier's
code: no name, no ID number, no free-text reason an official typed (it may name people).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from motcua.notifications.actions import queue_message
from motcua.notifications.models import MessageChannel
from motcua.workcal.deadlines import TZ

# One concatenated SMS of two parts in the GSM alphabet; a Vietnamese text with diacritics
# travels as UCS-2 in up to three parts. Longer lists are cut with "…".
SMS_MAX_CHARS = 160

# Events an applicant hears of (the action names of `DossierEvent.action`).
TOLD = frozenset(
    {
        "submit",
        "receive",
        "accept",
        "refuse",
        "request_supplement",
        "supplement",
        "approve",
        "sign",
        "return",
    }
)


def _contact(dossier: Any) -> tuple[str, str] | None:
    """The filer's account for an online dossier, else the phone or e-mail given at intake."""
    if dossier.submitted_by_id is not None:
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


def _when(value: Any) -> str:
    """dd/mm/yyyy HH:MM in Vietnam's time."""
    return f"{value.astimezone(TZ):%d/%m/%Y %H:%M}"


def _fit(head: str, items: list[str], tail: str) -> str:
    """`head` + as many numbered items as fit in `SMS_MAX_CHARS` + `tail`; "…" if cut."""
    room = SMS_MAX_CHARS - len(head) - len(tail)
    listed = "; ".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
    if len(listed) > room:
        listed = listed[: max(room - 1, 0)].rstrip(" ;.") + "…"
    return head + listed + tail


def message_text(dossier: Any, action: str, payload: Mapping[str, Any] | None = None) -> str | None:
    """The Vietnamese text for this event, or None when the applicant need not be told.

    `payload` is the event's (the supplement request's list comes from it)."""
    code = dossier.code
    payload = payload or {}
    if action == "submit":
        return f"Hồ sơ {code} đã nộp trực tuyến, đang chờ bộ phận một cửa tiếp nhận."
    if action in {"receive", "accept"}:
        due = f" Hẹn trả kết quả: {_when(dossier.due_at)}." if dossier.due_at else ""
        return f"Hồ sơ {code} đã được tiếp nhận.{due}"
    if action == "refuse":
        return f"Hồ sơ {code} bị từ chối. Lý do ghi trong phiếu từ chối tại bộ phận một cửa."
    if action == "request_supplement":
        items = [str(item) for item in payload.get("documents", [])]
        again = " (lần 2)" if int(payload.get("supplement_count") or 1) > 1 else ""
        return _fit(f"Hồ sơ {code} cần bổ sung{again}: ", items, ".")
    if action == "supplement":
        # The counter accepted the supplement: the clock runs again, the due time moved.
        due = f" Hẹn trả kết quả mới: {_when(dossier.due_at)}." if dossier.due_at else ""
        return f"Hồ sơ {code} đã được nhận đủ bổ sung.{due}"
    if action in {"approve", "sign"} and dossier.state == "result_ready":
        return f"Hồ sơ {code} đã có kết quả. Mời ông/bà nhận kết quả theo phiếu hẹn."
    if action == "return":
        at = f" lúc {_when(dossier.returned_at)}" if dossier.returned_at else ""
        return f"Hồ sơ {code} đã trả kết quả{at}. Cảm ơn ông/bà."
    return None


def notify_dossier_event(
    dossier: Any, action: str, payload: Mapping[str, Any] | None = None
) -> None:
    """Queue the message for this event of `dossier` in the caller's transaction.

    Does nothing for events the applicant need not hear of, or when there is no phone or
    e-mail to tell (no query then for a walk-in without contact)."""
    action = action.replace("-", "_")
    if action not in TOLD:
        return
    text = message_text(dossier, action, payload)
    if text is None:
        return
    contact = _contact(dossier)
    if contact is None:
        return
    channel, destination = contact
    queue_message(
        channel=channel,
        destination=destination,
        body=text,
        subject=f"Hồ sơ {dossier.code}",
        purpose=action,
        dossier_code=dossier.code,
        unit_id=dossier.unit_id,
    )

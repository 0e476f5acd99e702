"""Writes of the outbox: queue a message, deliver it, retry the due ones (invariant 7).

`queue_message` writes the row inside the caller's transaction and schedules delivery with
`transaction.on_commit`, so a rolled-back change sends nothing and a committed one is never
lost: if the task queue or the provider is down, the row stays pending and `retry_due`
(`motcua outbox retry`, or a later task) sends it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Message, MessageChannel, MessageStatus, mask_secret
from .providers import DeliveryError, send_email, sms_provider

MAX_ATTEMPTS = 5
BASE_BACKOFF = timedelta(minutes=1)


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failure: 1, 2, 4, 8 ... minutes, at most 1 hour."""
    return min(BASE_BACKOFF * (2 ** max(attempts - 1, 0)), timedelta(hours=1))


def _enqueue(message_id: int) -> None:
    from .tasks import deliver_message

    try:
        deliver_message.enqueue(message_id)
    except Exception:  # the queue being down must not fail the request (invariant 7)
        return


def queue_message(
    *,
    channel: str,
    destination: str,
    body: str,
    subject: str = "",
    purpose: str = "",
    dossier_code: str = "",
    unit_id: str | None = None,
    secret_until: datetime | None = None,
) -> Message:
    """Put one message in the outbox; delivery is scheduled after the transaction commits.

    `secret_until` says the body carries a one-time code valid until then: the body is masked
    once delivered or once that time has passed (`mask_expired_secrets`). `unit_id` is the
    commune the message is about, which scopes it on the outbox page."""
    if channel not in MessageChannel.values:
        raise ValueError(f"Kênh không hợp lệ: {channel}")
    message = Message.objects.create(
        unit_id=unit_id,
        holds_secret=secret_until is not None,
        secret_until=secret_until,
        channel=channel,
        destination=destination,
        body=body,
        subject=subject[:200],
        purpose=purpose[:40],
        dossier_code=dossier_code[:32],
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def deliver(message_id: int, *, now: datetime | None = None) -> Message:
    """Try to send one message once; record success, or the error and the next attempt.

    A sent message is never sent again (a duplicate task finds it sent and returns). The row
    is locked for the attempt, so two workers never send the same message at once.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status == MessageStatus.SENT:
            return message
        now = now or timezone.now()
        if message.holds_secret and message.secret_until and message.secret_until <= now:
            # a code that expired unsent is of no use: masked, and never sent
            _retire_secret(message)
            message.save()
            return message
        message.attempts += 1
        try:
            if message.channel == MessageChannel.SMS:
                sms_provider().send(message.destination, message.body)
            else:
                send_email(message.destination, message.subject, message.body)
        except DeliveryError as error:
            message.last_error = str(error)[:1000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = MessageStatus.FAILED
                message.next_attempt_at = None
            else:
                message.status = MessageStatus.PENDING
                message.next_attempt_at = now + backoff(message.attempts)
        else:
            message.status = MessageStatus.SENT
            message.sent_at = now
            message.next_attempt_at = None
            message.last_error = ""
            if message.holds_secret:
                message.body = mask_secret(message.body)
                message.holds_secret = False
        message.save()
        return message


EXPIRED_UNSENT = "Mã xác thực đã hết hạn trước khi gửi được: không gửi nữa."


def _retire_secret(message: Message) -> None:
    """An unsent code past its expiry: its body masked, the message failed (not retried)."""
    message.body = mask_secret(message.body)
    message.holds_secret = False
    if message.status != MessageStatus.SENT:
        message.status = MessageStatus.FAILED
        message.next_attempt_at = None
        message.last_error = EXPIRED_UNSENT


def mask_expired_secrets(*, now: datetime | None = None) -> int:
    """Mask the body of every message whose one-time code has expired undelivered, and
    give it up: a code never sent is of no use to anyone but stays a secret. Returns how
    many."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        expired = Message.objects.select_for_update().filter(
            holds_secret=True, secret_until__lte=now
        )
        for message in expired:
            _retire_secret(message)
            message.save()
            count += 1
    return count


def retry_due(*, now: datetime | None = None, include_failed: bool = False) -> list[Message]:
    """Deliver every pending message whose `next_attempt_at` has come (and failed ones if
    asked, e.g. by staff after fixing the gateway); returns them after the attempt. Codes
    that expired undelivered are masked and given up first (never sent)."""
    now = now or timezone.now()
    mask_expired_secrets(now=now)
    due = Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
    if include_failed:
        due = due | Message.objects.filter(status=MessageStatus.FAILED)
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True))
    return [deliver(pk, now=now) for pk in ids]


def retry_message(message: Message) -> Message:
    """Staff retry of one pending or failed message, now."""
    if message.status == MessageStatus.FAILED:
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
    return deliver(message.pk)

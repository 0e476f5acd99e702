"""Background delivery of outbox messages through Django's tasks API (database backend)."""

from __future__ import annotations

from django.tasks import task

from .actions import deliver
from .models import MessageStatus


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message (invariant 7); a failure leaves it pending with a backoff time,
    and `motcua outbox retry` (or the next scheduled run) tries it again. Returns the status."""
    message = deliver(message_id)
    if message.status == MessageStatus.PENDING and message.next_attempt_at is not None:
        try:
            deliver_message.using(run_after=message.next_attempt_at).enqueue(message_id)
        except Exception:  # backends without deferral: the retry command picks it up
            return str(message.status)
    return str(message.status)

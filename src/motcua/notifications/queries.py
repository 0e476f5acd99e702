"""Reads of the outbox, scoped like every other record (ARCHITECTURE.md invariant 6)."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.queries import AnyUser, has_province_scope, scope_filter

from .models import Message, MessageStatus


def messages_for(user: AnyUser) -> QuerySet[Message]:
    """The messages the user may see and retry on the outbox page.

    A commune official: the messages about the units of their scope (`scope_filter`, the one
    scope function). A province official or superuser: those and the messages about no
    commune (citizens' login codes, and messages queued before messages carried their
    unit). Citizens and anonymous users: none.
    """
    messages = scope_filter(Message.objects.all(), user)
    if has_province_scope(user):
        messages = messages | Message.objects.filter(unit__isnull=True)
    return messages


def pending_messages_for(user: AnyUser, *, limit: int = 200) -> list[Message]:
    """The pending and failed messages of the user's scope, the oldest due first."""
    return list(
        messages_for(user)
        .filter(status__in=[MessageStatus.PENDING, MessageStatus.FAILED])
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
        .order_by("status", "next_attempt_at", "pk")[:limit]
    )

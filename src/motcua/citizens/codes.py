"""One-time codes (mã xác thực một lần): issue, send through the outbox, verify.

Rules (issue 5, part 2), each enforced here and nowhere else:
- six random digits (`secrets`), stored only as HMAC-SHA256 keyed with SECRET_KEY;
- valid `CODE_TTL` (5 minutes) and once;
- at most `MAX_ATTEMPTS` (5) wrong tries per code, then the code is dead;
- at most `MAX_CODES` (3) codes per destination and per IP address in `WINDOW` (15 minutes);
- compared in constant time (`hmac.compare_digest`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.notifications.actions import queue_message
from motcua.notifications.models import MessageChannel

from .models import OneTimeCode

CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
MAX_CODES = 3
WINDOW = timedelta(minutes=15)


class CodeError(Exception):
    """A code could not be issued or was not accepted; the message is for the user."""


def hash_code(destination: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{destination}:{code}".encode(), hashlib.sha256).hexdigest()


def channel_of(destination: str) -> str:
    return MessageChannel.EMAIL if "@" in destination else MessageChannel.SMS


@transaction.atomic
def issue_code(
    destination: str, *, purpose: str, ip: str | None = None, now: datetime | None = None
) -> OneTimeCode:
    """Create a code for `destination` and queue it in the outbox (SMS or e-mail).

    Raises `CodeError` when the destination or the IP has had `MAX_CODES` codes within
    `WINDOW`. The plain code exists only in the queued message, and there only until it is
    delivered or expires (`notifications.actions`: then the body is masked).
    """
    now = now or timezone.now()
    since = now - WINDOW
    if OneTimeCode.objects.filter(destination=destination, created_at__gt=since).count() >= (
        MAX_CODES
    ):
        raise CodeError("Đã gửi quá 3 mã đến địa chỉ này trong 15 phút. Vui lòng đợi rồi thử lại.")
    if ip and OneTimeCode.objects.filter(ip=ip, created_at__gt=since).count() >= MAX_CODES:
        raise CodeError("Có quá nhiều yêu cầu mã từ máy này trong 15 phút. Vui lòng đợi.")
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = OneTimeCode.objects.create(
        destination=destination,
        purpose=purpose,
        code_hash=hash_code(destination, code),
        ip=ip or None,
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    text = f"Mã xác thực dịch vụ hành chính công: {code}. Hiệu lực 5 phút. Không chia sẻ mã này."
    queue_message(
        channel=channel_of(destination),
        destination=destination,
        body=text,
        subject="Mã xác thực",
        purpose=f"code_{purpose}",
        secret_until=row.expires_at,
    )
    return row


def verify_code(destination: str, code: str, *, purpose: str, now: datetime | None = None) -> bool:
    """True, once, for the right code of the latest live code of this destination.

    A wrong code counts an attempt on that code and the fifth wrong attempt kills it. The
    count is committed here, so a caller must not call this inside a transaction that its
    refusal rolls back (that would forget the wrong tries: `actions.register_or_login`).
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(
                destination=destination,
                purpose=purpose,
                used_at__isnull=True,
                expires_at__gt=now,
                attempts__lt=MAX_ATTEMPTS,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if row is None:
            return False
        candidate = hash_code(destination, (code or "").strip())
        if hmac.compare_digest(candidate, row.code_hash):
            row.used_at = now
            row.save(update_fields=["used_at"])
            return True
        row.attempts += 1
        row.save(update_fields=["attempts"])
        return False

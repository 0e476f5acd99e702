"""The signature verifier's limit (`MOTCUA_VERIFY_PER_MINUTE`) on the shared per-IP counter
of `core.ratelimit`."""

from __future__ import annotations

from django.conf import settings

from motcua.core.ratelimit import allow

VERIFY_SCOPE = "verify"


def verify_limit() -> int:
    """Verifications per IP per minute (`MOTCUA_VERIFY_PER_MINUTE`, default 30)."""
    return int(getattr(settings, "MOTCUA_VERIFY_PER_MINUTE", 30))


TOO_MANY = "Bạn đã kiểm tra quá nhiều lần trong một phút; vui lòng chờ một lát rồi thử lại."

__all__ = ["TOO_MANY", "VERIFY_SCOPE", "allow", "verify_limit"]

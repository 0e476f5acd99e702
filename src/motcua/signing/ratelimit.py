"""A per-IP request counter in Django's cache, for public endpoints anyone can call.

Fixed windows (e.g. 30 per minute): cheap and good enough to stop a script hammering the
verifier. With several app processes the cache must be shared (Redis, database cache) for
the limit to be global; with the default LocMem cache it holds per process.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from motcua.core.proxies import client_ip

VERIFY_SCOPE = "verify"


def verify_limit() -> int:
    """Verifications per IP per minute (`MOTCUA_VERIFY_PER_MINUTE`, default 30)."""
    return int(getattr(settings, "MOTCUA_VERIFY_PER_MINUTE", 30))


def allow(request: HttpRequest, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request; False once the IP has made more than `limit` in this window."""
    ip = client_ip(request) or "unknown"
    key = f"motcua:rate:{scope}:{ip}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


TOO_MANY = "Bạn đã kiểm tra quá nhiều lần trong một phút; vui lòng chờ một lát rồi thử lại."

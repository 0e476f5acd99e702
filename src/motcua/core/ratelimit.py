"""A per-IP request counter in Django's cache, for public pages and endpoints anyone can call
(the signature verifier, the dossier lookup).

Fixed windows (e.g. 30 per minute): cheap and good enough to stop a script hammering a
public page. The cache is the one every process shares (settings.CACHES: Redis from
`MOTCUA_CACHE_URL`, else the database), so a limit holds across workers, hosts and restarts.
Redis counts atomically; the database cache reads then writes, so requests of one address
arriving at the same instant may each count once for two (a little over the limit, never
under it). A cache that does not answer lets the request through, with a warning in the log:
the limit is a brake, and the public service must not stop with it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .proxies import client_ip

logger = logging.getLogger(__name__)


def allow(request: HttpRequest, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request; False once the IP has made more than `limit` in this window."""
    ip = client_ip(request) or "unknown"
    key = f"motcua:rate:{scope}:{ip}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, timeout=window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    except Exception:  # the shared cache is down: let the request through, say so
        logger.warning("Bộ nhớ đệm không trả lời; bỏ qua giới hạn %s.", scope, exc_info=True)
        return True
    return count <= limit


LOOKUP_SCOPE = "lookup"
TOO_MANY_LOOKUPS = (
    "Bạn đã tra cứu quá nhiều lần trong một phút; vui lòng chờ một lát rồi tra cứu lại."
)


def lookup_allowed(request: HttpRequest) -> bool:
    """Count a public lookup of a dossier (`MOTCUA_LOOKUP_PER_MINUTE` per IP, 0: no limit)."""
    limit = int(getattr(settings, "MOTCUA_LOOKUP_PER_MINUTE", 60))
    return limit <= 0 or allow(request, LOOKUP_SCOPE, limit)

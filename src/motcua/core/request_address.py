"""The client address of the request being served, for the records that keep where an
action came from (the access log, `dossiers.models.RecordAccess`).

`RequestAddressMiddleware` keeps `REMOTE_ADDR` in a context variable for the request's
duration (as django-auditlog's middleware keeps the remote address), so the functions that
write such records need not take the request: they run the same from a page, the API or a
command (no address there). It comes after any middleware that puts the real client's
address into `REMOTE_ADDR` behind a trusted proxy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_address: ContextVar[str | None] = ContextVar("motcua_request_address", default=None)


def request_address() -> str | None:
    """The address of the client of the request being served; None outside a request."""
    return _address.get()


class RequestAddressMiddleware:
    """Keeps the client's address (`REMOTE_ADDR`) for `request_address` during the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _address.set(_valid(request.META.get("REMOTE_ADDR")))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)


def _valid(address: str | None) -> str | None:
    """The address if it is an IP address (a server on a Unix socket may pass none)."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None

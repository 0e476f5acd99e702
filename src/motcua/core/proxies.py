"""The client's address and scheme behind a reverse proxy (`MOTCUA_TRUSTED_PROXIES`).

A request's `X-Forwarded-For` and `X-Forwarded-Proto` are anyone's to write: they are believed
only when the connection comes from a proxy the installation trusts (an address or network in
`MOTCUA_TRUSTED_PROXIES`). `TrustedProxyMiddleware` settles both once, first in the stack, so
that the rest of the code (rate limits, one-time codes, consents, Django's secure-request
checks and HTTPS redirect) reads one answer: `REMOTE_ADDR` is the client, `request.scheme` is
the scheme the client used. `client_ip()` is how the code reads the client's address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The address of the proxy that forwarded the request, kept when REMOTE_ADDR becomes the client.
PROXY_ADDR_KEY = "motcua.proxy_addr"


def parse_networks(values: Iterable[str]) -> list[Network]:
    """ "10.0.0.0/8", "127.0.0.1", "::1" -> networks; a bad entry raises ValueError."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted(address: str, networks: list[Network]) -> bool:
    """Whether `address` is one of the trusted proxies."""
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in networks)


def forwarded_client(remote_addr: str, forwarded_for: str, networks: list[Network]) -> str:
    """The client's address: `remote_addr` unless it is a trusted proxy; then the rightmost
    address of `X-Forwarded-For` that is not a trusted proxy (each proxy appends the address
    it saw, so everything left of the first untrusted hop may be forged by the client)."""
    if not is_trusted(remote_addr, networks):
        return remote_addr
    client = remote_addr
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        parsed = _address(hop)
        if parsed is None:  # garbage: the last proxy that wrote a real address is the client
            break
        client = str(parsed)
        if not any(parsed in network for network in networks):
            break
    return client


def forwarded_scheme(value: str) -> str | None:
    """ "https" or "http" from `X-Forwarded-Proto` (the nearest proxy's, rightmost), else None."""
    last = value.split(",")[-1].strip().lower()
    return last if last in {"http", "https"} else None


def trusted_networks() -> list[Network]:
    """`settings.MOTCUA_TRUSTED_PROXIES` as networks (the settings module parsed them)."""
    return list(getattr(settings, "MOTCUA_TRUSTED_PROXIES", []))


class TrustedProxyMiddleware:
    """First in the stack: from a trusted proxy, the client's address becomes `REMOTE_ADDR`
    and `X-Forwarded-Proto` the request's scheme; from anyone else both headers are ignored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = trusted_networks()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        remote = request.META.get("REMOTE_ADDR", "")
        if self.networks and is_trusted(remote, self.networks):
            request.META[PROXY_ADDR_KEY] = remote
            request.META["REMOTE_ADDR"] = forwarded_client(
                remote, request.META.get("HTTP_X_FORWARDED_FOR", ""), self.networks
            )
            scheme = forwarded_scheme(request.META.get("HTTP_X_FORWARDED_PROTO", ""))
            if scheme is not None:
                # WSGI's own key: what `request.scheme` and `is_secure()` read.
                request.META["wsgi.url_scheme"] = scheme
                request.META["HTTPS"] = "on" if scheme == "https" else "off"
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (None when unknown): settled by `TrustedProxyMiddleware`."""
    return request.META.get("REMOTE_ADDR") or None

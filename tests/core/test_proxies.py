"""The client's address and scheme come from a trusted proxy only (core.proxies)."""

from __future__ import annotations

import ipaddress

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from motcua.core.proxies import TrustedProxyMiddleware, client_ip, forwarded_client

PROXIES = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("::1")]


def _through_middleware(settings, **meta) -> HttpRequest:
    settings.MOTCUA_TRUSTED_PROXIES = PROXIES
    seen: list[HttpRequest] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse("ok")

    request = RequestFactory().get("/", **meta)
    TrustedProxyMiddleware(view)(request)
    return seen[0]


def test_client_behind_a_trusted_proxy_is_the_forwarded_address(settings):
    # given a request the trusted nginx (10.0.0.2) forwarded for 203.0.113.7 over HTTPS
    request = _through_middleware(
        settings,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        HTTP_X_FORWARDED_PROTO="https",
    )

    # then the client and the scheme are the forwarded ones
    assert client_ip(request) == "203.0.113.7"
    assert request.scheme == "https"
    assert request.is_secure()


def test_spoofed_forwarded_headers_from_an_untrusted_address_are_ignored(settings):
    # given a client that connects directly and claims to be someone else, over HTTPS
    request = _through_middleware(
        settings,
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
        HTTP_X_FORWARDED_PROTO="https",
    )

    # then neither claim is believed
    assert client_ip(request) == "198.51.100.9"
    assert request.scheme == "http"
    assert not request.is_secure()


def test_address_the_client_prepends_is_not_believed(settings):
    # given a client that sends its own X-Forwarded-For through the trusted proxy
    request = _through_middleware(
        settings,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
    )

    # then the client is the rightmost address the proxy did not vouch for
    assert client_ip(request) == "203.0.113.7"


def test_without_trusted_proxies_nothing_forwarded_is_believed(settings):
    settings.MOTCUA_TRUSTED_PROXIES = []
    seen: list[HttpRequest] = []
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4", HTTP_X_FORWARDED_PROTO="https"
    )
    TrustedProxyMiddleware(lambda r: seen.append(r) or HttpResponse())(request)
    assert client_ip(seen[0]) == "127.0.0.1"
    assert not seen[0].is_secure()


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "", "10.0.0.2"),  # a trusted proxy's own request (a health check)
        ("10.0.0.2", "10.0.0.3, 10.0.0.4", "10.0.0.3"),  # all proxies: the leftmost
        ("10.0.0.2", "203.0.113.7, 10.0.0.3", "203.0.113.7"),  # two proxies in a row
        ("10.0.0.2", "junk, 10.0.0.3", "10.0.0.3"),  # garbage: the last real hop
        ("::1", "2001:db8::5", "2001:db8::5"),
        ("10.0.0.2", "203.0.113.7:51234", "203.0.113.7"),
    ],
)
def test_forwarded_client(remote, forwarded, client):
    assert forwarded_client(remote, forwarded, PROXIES) == client


def test_the_middleware_runs_first_in_the_project(settings):
    assert settings.MIDDLEWARE[0] == "motcua.core.proxies.TrustedProxyMiddleware"

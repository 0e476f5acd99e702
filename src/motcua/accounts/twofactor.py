"""Two-step sign-in for officials who lead, administer or oversee (issue 24, part 2).

After the password, an official holding a role of settings.MOTCUA_TWO_FACTOR_ROLES gives a
six-digit code from an authenticator app (django-otp's TOTP device) or one of their recovery
codes (django-otp's static device, each code once). Until then `TwoFactorMiddleware` lets the
session reach only the code page (`/xac-thuc/`), enrolment (`/xac-thuc/dang-ky/`: an official
without an app enrols on first sign-in), logout and static files; the API answers 403.

Whether a session needs the second step is read once per session and kept in it (no query on
every request); a role given later counts from the next sign-in. API tokens are a machine's
credential and never reach this (no session).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from .queries import roles_of

NEEDS_KEY = "motcua_two_factor_needed"

# Paths an unverified session may still reach (prefixes).
_OPEN_PATHS = ("/xac-thuc/", "/dang-nhap/", "/dang-xuat/", "/admin/logout/", "/healthz", "/readyz")


def needs_two_factor(user: object) -> bool:
    """Whether this user must give a second step: holds a role that requires it, or is a
    superuser (who may do everything a province administrator may, and more)."""
    required = settings.MOTCUA_TWO_FACTOR_ROLES
    if not required:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user) & set(required))  # type: ignore[arg-type]


def session_needs_two_factor(request: HttpRequest) -> bool:
    """`needs_two_factor` for the signed-in user, read once per session and kept there."""
    if not settings.MOTCUA_TWO_FACTOR_ROLES:
        return False
    kept = request.session.get(NEEDS_KEY)
    if kept is None or kept[0] != request.user.pk:
        kept = [request.user.pk, needs_two_factor(request.user)]
        request.session[NEEDS_KEY] = kept
    return bool(kept[1])


def has_authenticator(user: object) -> bool:
    """Whether the user has enrolled an authenticator app (a confirmed TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return user_has_device(user) and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class TwoFactorMiddleware:
    """Sends a signed-in official who still owes the second step to the code page.

    After django-otp's OTPMiddleware (which answers `request.user.is_verified()`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        static = "/" + settings.STATIC_URL.lstrip("/")
        if (
            request.user.is_authenticated
            and not path.startswith((static, *_OPEN_PATHS))
            and session_needs_two_factor(request)
            and not request.user.is_verified()  # type: ignore[attr-defined]
        ):
            if path.startswith("/api/"):
                body = {
                    "type": "about:blank",
                    "title": "Không có quyền",
                    "status": 403,
                    "detail": "Cần xác thực hai bước: hãy nhập mã tại /xac-thuc/ trước.",
                    "instance": path,
                }
                return HttpResponse(
                    json.dumps(body, ensure_ascii=False),
                    status=403,
                    content_type="application/problem+json; charset=utf-8",
                )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)

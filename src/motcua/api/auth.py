"""API authentication: `Authorization: Bearer <token>` or a logged-in session.

Routers pass `auth=auth` (or `api_auth`) to require either. A missing or bad token answers
401 problem+json (api.problems). Session requests keep Django's CSRF protection for unsafe
methods; token requests need none (no cookie is involved).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from motcua.accounts.actions import token_for_key
from motcua.api.problems import Problem

# What a read-only token may do: read.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """An API token made by `motcua token create`; sets request.user to its owner.

    An expired token answers 401 saying so; a read-only one answers 403 to anything but a
    read. Tokens are the API's machine credential and need no second step (two-step sign-in
    is for people, at /dang-nhap/)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_for_key(token)
        if found is None:
            return None
        if found.is_expired(timezone.now()):
            local = timezone.localtime(found.expires_at)
            raise Problem(
                401,
                f"Mã truy cập '{found.prefix}…' đã hết hạn lúc {local:%H:%M %d/%m/%Y}; "
                "hãy tạo mã mới (motcua token create).",
            )
        if found.read_only and request.method not in READ_METHODS:
            raise Problem(
                403,
                f"Mã truy cập '{found.prefix}…' chỉ được đọc (GET); "
                "thao tác này cần mã truy cập có quyền ghi.",
            )
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The Django session of the pages, like ninja's django_auth, with two differences:
    no session means "try the next method / 401" rather than a CSRF error, and the CSRF
    error is in Vietnamese."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(403, "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


token_auth = TokenAuth()
session_auth = SessionAuth()
# Either a bearer token or a session: `@router.get(..., auth=auth)`.
auth = [token_auth, session_auth]

"""Login lock-out through django-axes: the keys it counts by, and the Vietnamese answer.

settings.AXES_* point here. A lock holds for one (username, client address) pair: the
username case-folded ("NguyenVanA" and "nguyenvana" are one), the address motcua's trusted
client address (core.proxies.client_ip). An unknown username locks like a real one, so a
lock never tells whether an account exists. The province IT team lifts a lock in the admin
(accounts.LoginLock, "Mở khóa đăng nhập") or with `motcua officials unlock <username>`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.core.proxies import client_ip


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """How long a lock lasts (AXES_COOLOFF_TIME): LOGIN_LOCK_MINUTES, read at each use."""
    return dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def fold_username(username: str | None) -> str:
    return (username or "").strip().casefold()[:150]


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The username a failure counts against (AXES_USERNAME_CALLABLE), case-folded."""
    if credentials and credentials.get("username") is not None:
        return fold_username(credentials["username"])
    return fold_username(request.POST.get("username"))


def minutes_left(username: str, ip_address: str | None, now: dt.datetime | None = None) -> int:
    """Whole minutes (at least 1) until the lock on this pair ends."""
    now = now or timezone.now()
    last = (
        AccessAttempt.objects.filter(username=fold_username(username), ip_address=ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return max(1, settings.LOGIN_LOCK_MINUTES)
    seconds = (last + cool_off() - now).total_seconds()
    return max(1, math.ceil(seconds / 60))


def locked_message(minutes: int) -> str:
    return (
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần liên tiếp từ máy này. "
        f"Vui lòng thử lại sau {minutes} phút."
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a locked login gets (AXES_LOCKOUT_CALLABLE): 429, says how long to wait."""
    minutes = minutes_left(login_username(request, credentials), client_ip(request))
    return render(
        request,
        "accounts/locked.html",
        {"message": locked_message(minutes), "minutes": minutes},
        status=429,
    )

"""Login and logout pages, the second step of sign-in, and the form kept when a session
expired."""

from __future__ import annotations

import base64
import math
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import actions
from .forms import EnrolForm, LoginForm, TwoFactorCodeForm
from .saved_forms import saved_form_of
from .twofactor import has_authenticator, session_needs_two_factor


class LoginView(auth_views.LoginView):
    """/dang-nhap/: Vietnamese login with lock-out; goes to `next` or LOGIN_REDIRECT_URL."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """/dang-xuat/ (POST only): ends the session and returns to the login page."""

    next_page = "accounts:login"


@login_required
def saved_form(request: HttpRequest, token: str) -> HttpResponse:
    """`/bieu-mau-giu-lai/<token>/`: the form kept when the session expired, given back to
    the official who typed it (404 to anyone else, or once expired)."""
    saved = saved_form_of(request.user, token)
    if saved is None:
        raise Http404("Không có biểu mẫu được giữ lại này, hoặc đã quá hạn giữ (24 giờ).")
    fields = [(key, value) for key, values in saved.data.items() for value in values]
    return render(
        request,
        "accounts/saved_form.html",
        {"saved": saved, "fields": fields},
    )


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second step: `next` if it stays on this site, else the start."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if (
        url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and wanted.startswith("/")
        and not wanted.startswith(("//", "/\\"))
    ):
        return wanted
    return "/can-bo/"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """`/xac-thuc/`: the second step of sign-in (accounts.twofactor): a code from the
    authenticator app or a recovery code. Without an app, the official enrols first."""
    next_url = _next_url(request)
    if not session_needs_two_factor(request) or request.user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    if not has_authenticator(request.user):
        return redirect(f"{reverse('accounts:two_factor_enrol')}?{urlencode({'next': next_url})}")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url)
        form.add_error(
            "code",
            "Mã xác thực không đúng hoặc đã dùng. Hãy nhập mã đang hiện trong ứng dụng "
            "(mã đổi sau mỗi 30 giây), hoặc một mã dự phòng chưa dùng."
            + _wait_hint(TOTPDevice.objects.filter(user=request.user, confirmed=True).first()),
        )
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


def _wait_hint(device: TOTPDevice | None) -> str:
    """After wrong codes django-otp waits 1, 2, 4... seconds before it checks another."""
    if device is None:
        return ""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return ""
    seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    return f" Sau nhiều lần sai, hãy chờ {seconds} giây rồi nhập mã mới."


def _qr_data_uri(text: str) -> str:
    return str(segno.make(text, error="m").svg_data_uri(scale=5, border=2))


@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """`/xac-thuc/dang-ky/`: add an authenticator app (QR code, or the secret typed in),
    prove it with its first code, then see the recovery codes once."""
    next_url = _next_url(request)
    if not session_needs_two_factor(request) or has_authenticator(request.user):
        return redirect(next_url)
    device = actions.start_authenticator_enrolment(request.user)  # type: ignore[arg-type]
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.confirm_authenticator(
            request.user,  # type: ignore[arg-type]
            device,
            form.cleaned_data["code"],
        )
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": next_url},
            )
        device.refresh_from_db()
        form.add_error(
            "code",
            "Mã chưa đúng. Hãy kiểm tra giờ của điện thoại và nhập mã đang hiện trong ứng dụng."
            + _wait_hint(device),
        )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr": _qr_data_uri(device.config_url),
            "secret": secret,
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )

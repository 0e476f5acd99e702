"""Login forms that enforce the lock-out (accounts.actions.record_login_failure)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from .actions import record_login_failure, record_login_success
from .queries import login_locked_until

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def locked_message(until: dt.datetime) -> str:
    local = until.astimezone(LOCAL_TZ)
    return (
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần liên tiếp. "
        f"Vui lòng thử lại sau {local:%d/%m/%Y %H:%M}."
    )


class LockoutMixin:
    """Refuse any login while the username is locked; count failures; reset on success.

    Mixed into both the site's and the admin's login forms, so the admin respects it too.
    """

    cleaned_data: dict[str, Any]
    user_cache: Any

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()  # type: ignore[misc]
        locked_until = login_locked_until(username)
        if locked_until is not None:
            raise ValidationError(locked_message(locked_until), code="locked")
        try:
            cleaned = super().clean()  # type: ignore[misc]
        except ValidationError:
            # A right password refused for another reason (inactive, not staff) is no guess.
            if self.user_cache is None:
                throttle = record_login_failure(username)
                if throttle.locked_until is not None and throttle.is_locked(timezone.now()):
                    raise ValidationError(
                        locked_message(throttle.locked_until), code="locked"
                    ) from None
            raise
        record_login_success(username)
        return cleaned


class LoginForm(LockoutMixin, AuthenticationForm):
    """The officials' and citizens' login form, in Vietnamese."""

    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    """Django admin's login form with the same lock-out."""

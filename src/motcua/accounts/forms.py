"""The login form, in Vietnamese; django-axes locks it out (accounts.lockout)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
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


class TwoFactorCodeForm(forms.Form):
    """The second step: a six-digit code from the app, or a recovery code."""

    code = forms.CharField(
        label="Mã xác thực",
        max_length=16,
        strip=True,
        error_messages={"required": "Hãy nhập mã xác thực (6 chữ số) hoặc một mã dự phòng."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).lower()
        if not (code.isdigit() and len(code) == 6) and not (len(code) == 8 and code.isalnum()):
            raise forms.ValidationError(
                "Mã xác thực gồm 6 chữ số (trong ứng dụng) hoặc 8 ký tự (mã dự phòng)."
            )
        return code


class EnrolForm(forms.Form):
    """Enrolment: the first code the newly added app shows proves it holds the secret."""

    code = forms.CharField(
        label="Mã 6 chữ số ứng dụng đang hiện",
        max_length=6,
        min_length=6,
        strip=True,
        error_messages={
            "required": "Hãy nhập mã 6 chữ số mà ứng dụng xác thực đang hiện.",
            "min_length": "Mã gồm đúng 6 chữ số.",
            "max_length": "Mã gồm đúng 6 chữ số.",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not code.isdigit():
            raise forms.ValidationError("Mã gồm đúng 6 chữ số.")
        return code

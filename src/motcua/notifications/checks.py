"""Fail-closed checks of the notifications app (core.checks): a real SMS gateway and a real
e-mail backend, or citizens' one-time codes go nowhere but the console log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from motcua.core.checks import TAG

# Django's mail backends that deliver nothing to anyone.
FAKE_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(TAG, deploy=True)
def check_sms_provider(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Without `MOTCUA_SMS_URL` messages are kept in memory, marked sent and their text (a
    one-time code) logged in clear: never in production."""
    if settings.DEBUG or str(getattr(settings, "MOTCUA_SMS_URL", "")):
        return []
    return [
        Error(
            "Chưa cấu hình cổng SMS: tin nhắn (cả mã xác thực của công dân) không được gửi "
            "mà chỉ ghi ra nhật ký.",
            hint=(
                "Đặt MOTCUA_SMS_URL (và MOTCUA_SMS_TOKEN) là địa chỉ cổng SMS của tỉnh; "
                "để thử có thể dùng `motcua sms-simulator` với "
                "MOTCUA_SMS_URL=http://127.0.0.1:8025/sms."
            ),
            id="motcua.E003",
        )
    ]


@register(TAG, deploy=True)
def check_mail_backend(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An e-mail backend that sends nothing would lose citizens' codes and notices."""
    if settings.DEBUG:
        return []
    mailers = getattr(settings, "MAILERS", {}) or {}
    backend = str(mailers.get("default", {}).get("BACKEND", ""))
    if backend not in FAKE_MAIL_BACKENDS:
        return []
    return [
        Error(
            f"Thư điện tử không được gửi thật (MOTCUA_EMAIL_BACKEND={backend}).",
            hint=(
                "Bỏ MOTCUA_EMAIL_BACKEND và đặt máy chủ thư: MOTCUA_SMTP_HOST, MOTCUA_SMTP_PORT, "
                "MOTCUA_SMTP_USER, MOTCUA_SMTP_PASSWORD, MOTCUA_SMTP_TLS, MOTCUA_EMAIL_FROM."
            ),
            id="motcua.E004",
        )
    ]

"""Notification gateways: one small SMS interface with its providers, and e-mail.

- `HttpSmsProvider` POSTs `{"to": ..., "text": ...}` as JSON to `MOTCUA_SMS_URL` with
  `Authorization: Bearer MOTCUA_SMS_TOKEN`; any 2xx is success. Point it at a real SMS
  gateway's adapter, or at the local simulator (`motcua sms-simulator --port 8025`), which
  accepts the same JSON.
- `MemorySmsProvider` keeps messages in this process (`MemorySmsProvider.sent`): the
  default when no URL is configured (development, tests), like Django's locmem e-mail.

E-mail goes through Django's mail API (`EMAIL_BACKEND`; tests get locmem automatically).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail

from .models import mask_destination, mask_secret

sms_log = logging.getLogger("motcua.notifications.sms")


class DeliveryError(Exception):
    """A provider did not accept the message; the outbox retries later."""


class SmsProvider(Protocol):
    def send(self, to: str, text: str) -> None: ...


class HttpSmsProvider:
    """Send through an HTTP SMS gateway (or the simulator) that takes JSON."""

    def __init__(self, url: str, token: str = "", timeout: float = 10.0) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, to: str, text: str) -> None:
        body = json.dumps({"to": to, "text": text}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if not 200 <= response.status < 300:
                    raise DeliveryError(f"Cổng SMS trả lời {response.status}.")
        except urllib.error.HTTPError as error:
            raise DeliveryError(f"Cổng SMS trả lời {error.code}.") from error
        except (urllib.error.URLError, OSError) as error:
            raise DeliveryError(f"Không kết nối được cổng SMS: {error}") from error


class MemorySmsProvider:
    """Keeps SMS in memory (development and tests); `fail` makes every send fail.

    Nothing reaches a phone: each message is also written to the `motcua.notifications.sms`
    log with its number and any code masked (no log line carries a one-time code); to read
    codes in a demo, run `motcua sms-simulator` and set `MOTCUA_SMS_URL`.
    """

    sent: ClassVar[list[dict[str, str]]] = []
    fail: ClassVar[bool] = False

    def send(self, to: str, text: str) -> None:
        if MemorySmsProvider.fail:
            raise DeliveryError("Cổng SMS giả lập đang lỗi.")
        MemorySmsProvider.sent.append({"to": to, "text": text})
        # The number (invariant 8) and any code (issue 24) are masked.
        sms_log.warning(
            "SMS (không gửi thật, chỉ để thử) tới %s: %s", mask_destination(to), mask_secret(text)
        )


def sms_provider() -> SmsProvider:
    """The configured SMS provider: HTTP when `MOTCUA_SMS_URL` is set, else in memory."""
    url = getattr(settings, "MOTCUA_SMS_URL", "")
    token = getattr(settings, "MOTCUA_SMS_TOKEN", "")
    if url:
        return HttpSmsProvider(url, token)
    return MemorySmsProvider()


def send_email(to: str, subject: str, text: str) -> None:
    """One e-mail through Django's mail backend; any failure is a `DeliveryError`."""
    try:
        send_mail(
            subject or "Thông báo dịch vụ hành chính công",
            text,
            getattr(settings, "DEFAULT_FROM_EMAIL", "motcua@localhost"),
            [to],
        )
    except Exception as error:  # any backend failure means "retry later"
        raise DeliveryError(f"Không gửi được thư: {error}") from error

"""The outbox (hộp thư đi): every SMS and e-mail motcua sends is first a `Message` row.

An external system being down never stops the counter (invariant 7): a message is written in
the same transaction as the business change that causes it, delivered after commit by the
`deliver_message` task, and retried with backoff until it is sent or gives up; staff see
what is pending on the outbox page.
"""

from __future__ import annotations

import re

from django.db import models

from motcua.core.models import TimeStampedModel
from motcua.units.models import Unit

# A one-time code in a message's text: a run of four or more digits.
SECRET_DIGITS = re.compile(r"\d{4,}")


class MessageChannel(models.TextChoices):
    SMS = "sms", "Tin nhắn SMS"
    EMAIL = "email", "Thư điện tử"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được"


def mask_destination(destination: str) -> str:
    """A phone or e-mail for lists and logs (invariant 8): "0912***678", "m***@example.vn"."""
    if "@" in destination:
        local, _, domain = destination.partition("@")
        return (local[:1] + "***@" + domain) if local else "***@" + domain
    if len(destination) >= 7:
        return destination[:4] + "***" + destination[-3:]
    return "***"


def mask_secret(text: str) -> str:
    """The text with every run of 4+ digits (a one-time code) replaced by asterisks: what is
    kept and logged of a message that carried a code (issue 24: never stored or logged in
    clear)."""
    return SECRET_DIGITS.sub(lambda found: "*" * len(found.group()), text)


class Message(TimeStampedModel):
    """One outbound SMS or e-mail (tin nhắn, thư gửi đi) and its delivery state.

    `status` is pending until a provider accepts it (sent); after `MAX_ATTEMPTS` failures it
    is failed, but staff can still retry it. `next_attempt_at` is when a pending message is
    due again (exponential backoff); `last_error` says why the last attempt failed. `dossier_code`
    and `purpose` tell staff what the message was about without reading the body.

    `holds_secret` marks a body that carries a one-time code in clear: once delivered, or once
    `secret_until` (the code's expiry) has passed undelivered, the body is masked
    (`mask_secret`) and the mark cleared, so no code stays in the database. `unit` is the
    commune the message is about (a dossier's or a feedback's): the outbox page shows an
    official only the messages of their scope; a message of no commune (a citizen's login
    code) only to the province's officials.
    """

    channel = models.CharField("kênh", max_length=8, choices=MessageChannel.choices)
    destination = models.CharField("người nhận", max_length=254)
    subject = models.CharField("tiêu đề", max_length=200, blank=True)
    body = models.TextField("nội dung")
    purpose = models.CharField("mục đích", max_length=40, blank=True)
    dossier_code = models.CharField("mã hồ sơ", max_length=32, blank=True)
    status = models.CharField(
        "trạng thái",
        max_length=8,
        choices=MessageStatus.choices,
        default=MessageStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lại lúc", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    sent_at = models.DateTimeField("gửi được lúc", null=True, blank=True)
    holds_secret = models.BooleanField("đang chứa mã xác thực", default=False)
    secret_until = models.DateTimeField("mã hết hạn lúc", null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "tin gửi đi"
        verbose_name_plural = "hộp thư đi"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(
                fields=["secret_until"],
                name="message_secret_idx",
                condition=models.Q(holds_secret=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.masked_destination} ({self.status})"

    @property
    def masked_destination(self) -> str:
        return mask_destination(self.destination)

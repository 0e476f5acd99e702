"""The outbox (hộp thư đi): every SMS and e-mail motcua sends is first a `Message` row.

An external system being down never stops the counter (invariant 7): a message is written in
the same transaction as the business change that causes it, delivered after commit by the
`deliver_message` task, and retried with backoff until it is sent or gives up; staff see
what is pending on the outbox page.
"""

from __future__ import annotations

from django.db import models

from motcua.core.models import TimeStampedModel


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


class Message(TimeStampedModel):
    """One outbound SMS or e-mail (tin nhắn, thư gửi đi) and its delivery state.

    `status` is pending until a provider accepts it (sent); after `MAX_ATTEMPTS` failures it
    is failed, but staff can still retry it. `next_attempt_at` is when a pending message is
    due again (exponential backoff); `last_error` says why the last attempt failed. `dossier_code`
    and `purpose` tell staff what the message was about without reading the body.
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

    class Meta:
        verbose_name = "tin gửi đi"
        verbose_name_plural = "hộp thư đi"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.masked_destination} ({self.status})"

    @property
    def masked_destination(self) -> str:
        return mask_destination(self.destination)

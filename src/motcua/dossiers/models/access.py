"""The access log (nhật ký truy cập): who opened which full record, when and from where.

Invariant 8: every view of a full record (the applicant in full, a file of the dossier) is
logged. The log is a table, not log lines: a log level or a rotated file never drops it, a
province admin reads and exports it, and the applicant sees who opened their dossier (the
data subject's right to know who processed their personal data, Decree 13/2023/NĐ-CP).
Rows are written once and never changed or deleted (`WriteOnce`). What was seen is not
copied here: the row names the dossier and, for a file, the file.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from motcua.core.models import WriteOnce, WriteOnceQuerySet

from ..choices import AccessKind
from .dossier import Dossier
from .records import Attachment


class AccessLogTamperingError(Exception):
    """An attempt to change or delete a row of the access log."""


class RecordAccessQuerySet(WriteOnceQuerySet["RecordAccess"]):
    """Refuses bulk updates and deletes: the access log is append-only."""


class RecordAccess(WriteOnce):
    """One opening of a dossier's full record or of one of its files by an official."""

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xem",
        on_delete=models.PROTECT,
        related_name="record_accesses",
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    kind = models.CharField("nội dung đã xem", max_length=10, choices=AccessKind.choices)
    attachment = models.ForeignKey(
        Attachment,
        verbose_name="tệp đính kèm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accesses",
    )
    address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    objects = RecordAccessQuerySet.as_manager()

    TAMPERING = AccessLogTamperingError
    CHANGED = "Nhật ký truy cập chỉ được ghi thêm, không được sửa."
    DELETED = "Nhật ký truy cập chỉ được ghi thêm, không được xóa."

    class Meta:
        verbose_name = "lượt truy cập hồ sơ"
        verbose_name_plural = "nhật ký truy cập hồ sơ"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["dossier", "-at"], name="record_access_dossier_at"),
            models.Index(fields=["-at", "-id"], name="record_access_at"),
            models.Index(fields=["user", "-at"], name="record_access_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.dossier_id} {self.at:%Y-%m-%d %H:%M}"

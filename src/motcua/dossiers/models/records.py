"""What a dossier accumulates: its hash-chained events (append-only; each carries the
sha256 of the previous one, so `dossiers.events.verify_chain` finds any later edit), the
daily code sequences and offline code blocks, attachments, fee payments and cash closings.
"""

from django.conf import settings
from django.db import models

from motcua.core.models import WriteOnce, WriteOnceQuerySet
from motcua.units.models import Agency

from ..choices import PaymentKind, PaymentMethod
from .dossier import Dossier, EventTamperingError


class DossierEventQuerySet(WriteOnceQuerySet["DossierEvent"]):
    """Refuses bulk updates and deletes: events are append-only (invariant 1)."""


class DossierEvent(WriteOnce):
    """One thing that happened to a dossier (nhật ký hồ sơ), append-only and hash-chained.

    `hash` = sha256(`prev_hash` + canonical JSON of the event) (invariant 1), computed by
    `dossiers.events.append_event`. A saved event is never updated or deleted: `save` on an
    existing row, `delete`, and the default manager's bulk `update`/`delete` all raise
    `EventTamperingError`. `at` is stored in UTC (invariant 3).
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="events"
    )
    seq = models.PositiveIntegerField("số thứ tự")
    action = models.CharField("thao tác", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_events",
    )
    at = models.DateTimeField("thời điểm")
    payload = models.JSONField("nội dung", default=dict)
    prev_hash = models.CharField("mã băm trước", max_length=64)
    hash = models.CharField("mã băm", max_length=64)

    objects = DossierEventQuerySet.as_manager()

    TAMPERING = EventTamperingError
    CHANGED = "Sự kiện hồ sơ chỉ được ghi thêm, không được sửa."
    DELETED = "Sự kiện hồ sơ chỉ được ghi thêm, không được xóa."

    class Meta:
        verbose_name = "sự kiện hồ sơ"
        verbose_name_plural = "sự kiện hồ sơ"
        ordering = ["dossier_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_unique_seq"),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="dossier_event_seq_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.seq} {self.action}"


class DailySequence(models.Model):
    """The last dossier number an agency gave on one day (số thứ tự trong ngày).

    `dossiers.numbering.next_number` locks the row and increments it inside the intake
    transaction, so the number commits or rolls back with the dossier: codes are gap-free
    and never reused.
    """

    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="sequences"
    )
    day = models.DateField("ngày")
    last = models.PositiveIntegerField("số cuối đã cấp", default=0)

    class Meta:
        verbose_name = "số thứ tự hồ sơ trong ngày"
        verbose_name_plural = "số thứ tự hồ sơ trong ngày"
        ordering = ["-day", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="daily_sequence_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%d/%m/%Y}: {self.last}"


class Attachment(models.Model):
    """A file attached to a dossier (tệp đính kèm): PDF, JPEG or PNG, content-addressed.

    `content_type` comes from the file's first bytes, never its name; the bytes live once in
    `default_storage` at `attachments/ab/cd/<sha256>` whatever the number of uploads. Created
    only by `dossiers.actions.attachments.attach_file`, which appends an event with the name,
    size and hash in the same transaction (invariant 1). One row per dossier and content.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="attachments"
    )
    name = models.CharField("tên tệp gốc", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    content_type = models.CharField("loại tệp", max_length=50)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    path = models.CharField("đường dẫn lưu trữ", max_length=200)
    document = models.CharField("thuộc thành phần hồ sơ", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.PROTECT,
        related_name="dossier_attachments",
    )
    uploaded_at = models.DateTimeField("tải lên lúc")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["dossier_id", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "sha256"], name="attachment_unique_content_per_dossier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class CashClosing(models.Model):
    """An officer's close of the money they took at the counter (chốt quỹ cuối ngày).

    Made only by `dossiers.cash.close_cash`: every payment of the officer not yet closed is
    linked to it, and its totals are kept as printed, so the summary reads the same later.
    """

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ thu",
        on_delete=models.PROTECT,
        related_name="cash_closings",
    )
    closed_at = models.DateTimeField("chốt lúc")
    payments_count = models.PositiveIntegerField("số khoản")
    collected = models.PositiveBigIntegerField("tổng thu (đồng)")
    refunded = models.PositiveBigIntegerField("tổng hoàn trả (đồng)")
    by_method = models.JSONField("số tiền theo hình thức", default=dict)

    class Meta:
        verbose_name = "chốt quỹ"
        verbose_name_plural = "chốt quỹ"
        ordering = ["-closed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.closed_at:%d/%m/%Y %H:%M}"

    @property
    def net(self) -> int:
        return self.collected - self.refunded


class FeePayment(models.Model):
    """Money taken for a dossier's fee at the counter, or given back (refund).

    Written only by `dossiers.cash` (collect, refund), in one transaction with the dossier's
    event (invariant 1). A collection carries the number of the receipt (biên lai) handed to
    the payer, unique per receiving centre; a refund carries its reason. `closing` is the
    officer's close of cash (chốt quỹ) that counted it, empty until then.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="payments"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="nơi thu", on_delete=models.PROTECT, related_name="fee_payments"
    )
    kind = models.CharField("loại", max_length=8, choices=PaymentKind.choices)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    method = models.CharField("hình thức", max_length=16, choices=PaymentMethod.choices)
    receipt_number = models.CharField("số biên lai", max_length=40, blank=True)
    reason = models.TextField("lý do hoàn trả", blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ thu",
        on_delete=models.PROTECT,
        related_name="fee_payments",
    )
    at = models.DateTimeField("lúc")
    closing = models.ForeignKey(
        CashClosing,
        verbose_name="chốt quỹ",
        on_delete=models.PROTECT,
        related_name="payments",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "khoản thu phí, lệ phí"
        verbose_name_plural = "khoản thu phí, lệ phí"
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "receipt_number"],
                condition=models.Q(kind="collect"),
                name="fee_payment_unique_receipt_per_agency",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fee_payment_amount_positive"
            ),
        ]
        indexes = [
            models.Index(
                fields=["officer", "at"],
                condition=models.Q(closing__isnull=True),
                name="fee_payment_open_by_officer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.receipt_number})"


class CodeBlock(models.Model):
    """Numbers of an agency's daily sequence leased to one counter device (khối số giữ trước).

    While online, a counter device leases `first`..`last` of its PSC's `DailySequence` for a
    day, taken in the same locked transaction as online intake, so leased numbers and online
    numbers never collide and the day's numbers stay unique across devices. Offline, the
    device prints receipts with these numbers; on sync each one is checked against its block
    and added to `used`. An unused tail the device gives back either returns to the day's
    sequence (when nothing was numbered after the block: the block shrinks and the numbers
    are given again, no gap) or is marked from `released_from` on: those numbers are never
    valid for a dossier and stay a gap the tracking book states honestly
    (`dossiers.actions.offline.unused_ranges`).
    """

    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="code_blocks"
    )
    device_id = models.CharField("mã thiết bị", max_length=64)
    day = models.DateField("ngày của số hồ sơ")
    first = models.PositiveIntegerField("số đầu")
    last = models.PositiveIntegerField("số cuối")
    used = models.JSONField("các số đã dùng", default=list)
    released_from = models.PositiveIntegerField("trả lại từ số", null=True, blank=True)
    leased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ giữ số",
        on_delete=models.PROTECT,
        related_name="code_blocks",
    )
    leased_at = models.DateTimeField("giữ số lúc")
    released_at = models.DateTimeField("trả số lúc", null=True, blank=True)

    class Meta:
        verbose_name = "khối số hồ sơ giữ trước"
        verbose_name_plural = "khối số hồ sơ giữ trước"
        ordering = ["day", "agency_id", "first"]
        indexes = [
            models.Index(fields=["agency", "day"], name="code_block_agency_day_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "first"], name="code_block_unique_first"
            ),
            models.CheckConstraint(
                condition=models.Q(first__gte=1, last__gte=models.F("first")),
                name="code_block_range",
            ),
            models.CheckConstraint(
                condition=models.Q(released_from__isnull=True)
                | models.Q(
                    released_from__gte=models.F("first"), released_from__lte=models.F("last")
                ),
                name="code_block_released_inside",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%d/%m/%Y} {self.first}-{self.last} ({self.device_id})"

    @property
    def usable_last(self) -> int:
        """The last number a dossier may still carry: before the released tail, if any."""
        return self.last if self.released_from is None else self.released_from - 1

"""Dossiers (hồ sơ), their hash-chained events and the daily code sequences.

A dossier is changed only by the functions in `dossiers.actions`, each in one transaction
that also appends a `DossierEvent` (invariant 1). Events are append-only; each carries the
sha256 of the previous one, so `dossiers.events.verify_chain` finds any later edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models

from motcua.catalog.models import ProcedureVersion
from motcua.core.idnumber import mask_id_number
from motcua.core.models import TimeStampedModel, WriteOnce, WriteOnceQuerySet
from motcua.units.models import Agency, Unit

from .choices import OPEN_STATES, Channel, PaymentKind, PaymentMethod, State, Status, Timeliness

# "<agency e-code>-YYMMDD-NNNN" (Circular 01/2018 art. 19, DOMAIN.md).
CODE_REGEX = r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}$"
GENESIS_HASH = "0" * 64
# The longest word of a folded name kept for search (longer ones match by their start).
WORD_LENGTH = 40


class EventTamperingError(Exception):
    """Raised when code tries to change or delete a saved dossier event (invariant 1)."""


class SnapshotTamperingError(Exception):
    """Raised when code tries to change or delete a saved procedure snapshot (invariant 2)."""


class ProcedureSnapshotQuerySet(WriteOnceQuerySet["ProcedureSnapshot"]):
    """Refuses bulk updates and deletes: a snapshot is what governed dossiers (invariant 2)."""


class ProcedureSnapshot(WriteOnce):
    """What governed dossiers at receipt (invariant 2), stored once per distinct content.

    Every dossier received under one procedure version has the same snapshot (its time
    limit, step budgets, fee schedule, documents: about 1.5 KB of JSON), so it is kept here
    once and the dossier keeps its `digest`, the sha256 of the body's canonical JSON
    (`dossiers.snapshots`, ADR 0008). A snapshot is never changed or deleted: `save` on an
    existing row, `delete`, and the manager's bulk `update`/`delete` raise
    `SnapshotTamperingError`. Since the digest is the content's own, the digest → body map is
    the same in every process for ever; `snapshot_body` keeps the bodies it has read.
    """

    digest = models.CharField("mã băm nội dung", max_length=64, primary_key=True)
    body = models.JSONField("thông tin thủ tục lúc tiếp nhận")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = ProcedureSnapshotQuerySet.as_manager()

    TAMPERING = SnapshotTamperingError
    CHANGED = "Thông tin thủ tục lúc tiếp nhận không được sửa."
    DELETED = "Thông tin thủ tục lúc tiếp nhận không được xóa."

    class Meta:
        verbose_name = "thông tin thủ tục lúc tiếp nhận"
        verbose_name_plural = "thông tin thủ tục lúc tiếp nhận"

    def __str__(self) -> str:
        return (
            f"{self.body.get('procedure', '')} v{self.body.get('version', '')} ({self.digest[:12]})"
        )


# The bodies this process has read or written, by digest: a few hundred (one per procedure
# version dossiers were received under), never stale (a digest names one content).
_SNAPSHOT_BODIES: dict[str, Mapping[str, Any]] = {}


def snapshot_body(digest: str) -> Mapping[str, Any]:
    """The snapshot named `digest`, read once per process. Shared by every dossier that
    names it: read it, never change it."""
    body = _SNAPSHOT_BODIES.get(digest)
    if body is None:
        body = ProcedureSnapshot.objects.values_list("body", flat=True).get(pk=digest)
        _SNAPSHOT_BODIES[digest] = body
    return body


def remember_snapshot(digest: str, body: Mapping[str, Any]) -> None:
    """Keep a body this process has just computed under its digest (`dossiers.snapshots`)."""
    _SNAPSHOT_BODIES.setdefault(digest, body)


class Dossier(TimeStampedModel):
    """One application for a procedure (hồ sơ thủ tục hành chính), from receipt to return.

    `receiving_agency` is the PSC that took it in and whose e-code starts `code`; `unit` is
    the competent commune that settles it, which may be another commune of the province
    (phi địa giới). `snapshot` is what governed the dossier at receipt (procedure
    version, content hash, time limit, step budgets, fee schedule), so later catalog edits
    never rewrite it (invariant 2): kept once per distinct content in `ProcedureSnapshot`,
    named by the digest in `procedure_snapshot`. `version` grows with every change, for optimistic
    locking (invariant 5). `idempotency_key` is unique per receiving official, so a retried
    intake returns the first dossier (invariant 4). `head_hash` and `events_count` anchor the
    event chain, so even removing the last event is detected.

    Clock rules (DOMAIN.md, Deadlines; invariant 3, all through workcal): `step_due_at` is the
    due time of `current_step` (an index into `snapshot["steps"]`), never after `due_at`.
    While a supplement is requested `suspended_at` is set; on supplement `due_at` and
    `step_due_at` shift by the paused working time, added to `suspended_time`.
    `supplement_count` > 1 makes the dossier late whatever its finish time (`counts_late`).
    `supplemented_at` is when the citizen sent the supplement online: the dossier then
    waits in the counter's queue until the counter accepts it (the clock stays stopped).
    `extended_at`/`extension_reason`/`original_due_at` record the one apology and extension;
    `closing_reason` is the reason of a refusal, stop or withdrawal.
    """

    code = models.CharField("mã hồ sơ", max_length=32, unique=True)
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan tiếp nhận",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="xã giải quyết", on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name="phiên bản thủ tục",
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    procedure_snapshot = models.ForeignKey(
        ProcedureSnapshot,
        verbose_name="thông tin thủ tục lúc tiếp nhận",
        on_delete=models.PROTECT,
        related_name="+",
        db_column="snapshot_digest",
        # No reader filters by it, and a snapshot is never deleted: an index of 10M digests
        # would cost ~1 GB at 10M dossiers for nothing.
        db_index=False,
    )
    channel = models.PositiveSmallIntegerField("kênh nộp", choices=Channel.choices)
    assisted_by_volunteer = models.BooleanField("có tình nguyện viên số hỗ trợ", default=False)

    applicant_name = models.CharField("họ và tên người nộp", max_length=120)
    applicant_name_folded = models.CharField(max_length=120, editable=False)
    applicant_id_number = models.CharField("số định danh cá nhân", max_length=12)
    applicant_date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    applicant_phone = models.CharField("số điện thoại", max_length=10, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)

    data = models.JSONField("dữ liệu biểu mẫu điện tử", default=dict)
    documents = models.JSONField("thành phần hồ sơ đã nhận", default=list)
    fee = models.PositiveIntegerField("phí, lệ phí (đồng)", default=0)
    fee_note = models.CharField("ghi chú phí, lệ phí", max_length=300, blank=True)

    status = models.PositiveSmallIntegerField(
        "trạng thái (mã quốc gia)", choices=Status.choices, default=Status.RECEIVED
    )
    state = models.CharField(
        "tình trạng xử lý", max_length=32, choices=State.choices, default=State.RECEIVED
    )
    current_step = models.PositiveSmallIntegerField("bước hiện tại", default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đang xử lý",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
    )
    step_due_at = models.DateTimeField("hạn của bước hiện tại", null=True, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc")
    due_at = models.DateTimeField("hẹn trả kết quả", null=True, blank=True)
    finished_at = models.DateTimeField("giải quyết xong lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    timeliness = models.CharField(
        "tiến độ giải quyết",
        max_length=16,
        choices=Timeliness.choices,
        null=True,
        blank=True,
    )
    suspended_at = models.DateTimeField("tạm dừng tính thời gian từ", null=True, blank=True)
    suspended_time = models.DurationField("tổng thời gian làm việc tạm dừng", default=timedelta(0))
    supplement_count = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    supplemented_at = models.DateTimeField(
        "công dân đã bổ sung trực tuyến lúc", null=True, blank=True
    )
    resume_state = models.CharField(
        "tình trạng trở lại sau bổ sung", max_length=32, choices=State.choices, blank=True
    )
    extended_at = models.DateTimeField("gia hạn lúc", null=True, blank=True)
    extension_reason = models.TextField("lý do xin lỗi, gia hạn", blank=True)
    original_due_at = models.DateTimeField("hẹn trả trước khi gia hạn", null=True, blank=True)
    closing_reason = models.TextField("lý do từ chối, dừng hoặc rút hồ sơ", blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ tiếp nhận",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        null=True,
        blank=True,
        help_text="Trống khi hồ sơ nộp trực tuyến chưa được tiếp nhận (trạng thái 1).",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nộp trực tuyến",
        on_delete=models.PROTECT,
        related_name="submitted_dossiers",
        null=True,
        blank=True,
        help_text="Tài khoản công dân hoặc tình nguyện viên số đã nộp hồ sơ trực tuyến.",
    )
    submitted_at = models.DateTimeField("nộp trực tuyến lúc", null=True, blank=True)
    reused_documents = models.JSONField(
        "giấy tờ dùng lại từ dữ liệu đã số hóa",
        default=list,
        blank=True,
        help_text="Giấy tờ đã được xác thực trước đây và dùng lại (chỉ tiêu 766 về tái sử dụng).",
    )
    version = models.PositiveIntegerField("phiên bản dữ liệu", default=1)
    idempotency_key = models.CharField(
        "khóa chống gửi trùng", max_length=100, null=True, blank=True, editable=False
    )
    head_hash = models.CharField(max_length=64, default=GENESIS_HASH, editable=False)
    events_count = models.PositiveIntegerField("số sự kiện", default=0, editable=False)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="dossier_unit_status_idx"),
            # A search by ID number (dossiers.queries._narrowing) and a citizen's own
            # dossiers: the person's dossiers of all years, checked against the scope and
            # put in order from the index alone (migration 0015), not from a table row each,
            # which over a history larger than memory is a disk read (docs/performance.md).
            models.Index(
                fields=["applicant_id_number"],
                name="dossier_applicant_id_idx",
                include=["id", "unit", "receiving_agency", "received_at"],
            ),
            models.Index(fields=["received_at"], name="dossier_received_at_idx"),
            # Work queues (dossiers.queries.work_queue): open dossiers of a unit, of a
            # receiving PSC or of an assignee, soonest due first; cost follows the open
            # dossiers, not the years of history. They replace an index on due_at alone,
            # which the planner walked through every past dossier (docs/performance.md).
            models.Index(fields=["unit", "state", "due_at"], name="dossier_unit_queue_idx"),
            models.Index(
                fields=["receiving_agency", "state", "due_at"], name="dossier_psc_queue_idx"
            ),
            # A work queue's page, read from each side of the scope in queue order
            # (dossiers.listing.ListRows): open dossiers only, so the index stays as small
            # as the queues however long the history grows.
            models.Index(
                fields=["unit", "due_at", "id"],
                name="dossier_unit_open_idx",
                condition=models.Q(state__in=sorted(OPEN_STATES)),
            ),
            # The receiving side carries the commune (migration 0012): its half of a
            # queue and of its count leaves out the home side's dossiers (unit_id <> home)
            # from the index alone, not from a heap row each (docs/performance.md).
            models.Index(
                fields=["receiving_agency", "due_at", "id"],
                name="dossier_psc_open_idx",
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                include=["unit"],
            ),
            # The province's queues (its scope holds every commune and has one side):
            # open dossiers in due order across the communes, carrying the commune and
            # the state, so a page stops at its 20th and the count reads the index alone.
            # Per commune (`dossier_unit_open_idx`) the province's overdue queue gathered
            # and sorted every overdue dossier (10M: 58,618, 0.5 s; migration 0018).
            models.Index(
                fields=["due_at", "id"],
                name="dossier_open_due_idx",
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                include=["unit", "state"],
            ),
            # An official's own queue (dossiers.listing._assigned_sql): their open dossiers
            # in due order (replaces (assignee, state, due_at), migration 0011), carrying
            # the commune and the PSC (migration 0014) so the queue's scope check and its
            # count read the index alone: with 3,129 open dossiers (10M) the count went
            # 7.7 → 1.4 ms. (Before the commune queue's count came from its two sides, a
            # covering version of this index drew that count through the whole
            # province's open dossiers; the two sides' indexes win now.)
            models.Index(
                fields=["assignee", "due_at", "id"],
                name="dossier_mine_open_idx",
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                include=["unit", "receiving_agency"],
            ),
            # A narrowed name search's matches (dossiers.names) checked against the
            # scope and put in order from this index alone: the words give dossier ids, and
            # each id's commune, PSC and receipt time are here, not in a table row each
            # (the table outgrows memory long before this index does; docs/performance.md).
            models.Index(
                fields=["id", "unit", "receiving_agency", "received_at"],
                name="dossier_id_scope_idx",
            ),
            # Lists in scope, newest first. The receiving side carries the id, the commune
            # and the status (migration 0016): a list's count and its page are its two
            # sides' (dossiers.listing.Listing), and the receiving side leaves out the home
            # side's dossiers, and those of another status, from the index alone; counted as
            # one OR, PostgreSQL read all of `dossier_id_scope_idx`, the province's history,
            # or a heap row of each dossier the PSC received (docs/performance.md, eighth
            # pass).
            models.Index(fields=["unit", "received_at"], name="dossier_unit_received_idx"),
            models.Index(
                fields=["receiving_agency", "received_at"],
                name="dossier_psc_received_idx",
                include=["id", "unit", "status"],
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["received_by", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="dossier_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=CODE_REGEX), name="dossier_code_shape"
            ),
            models.CheckConstraint(
                condition=models.Q(status__gte=1, status__lte=10), name="dossier_status_national"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=[1, 2, 3]), name="dossier_channel_national"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def counts_late(self) -> bool:
        """Asked to supplement more than once: late whatever the clock (Decision 766)."""
        return self.supplement_count > 1

    @property
    def receiving_unit_code(self) -> str:
        """The commune whose PSC received the dossier (differs from `unit` when filed away)."""
        return self.receiving_agency.unit_id

    @property
    def masked_id_number(self) -> str:
        """The applicant's ID number for lists, logs and public pages (invariant 8)."""
        return mask_id_number(self.applicant_id_number)

    @property
    def snapshot(self) -> Mapping[str, Any]:
        """What governed the dossier at receipt (invariant 2); shared, read-only."""
        return snapshot_body(self.procedure_snapshot_id)

    @property
    def procedure_code(self) -> str:
        return str(self.snapshot.get("procedure", ""))

    @property
    def procedure_name(self) -> str:
        return str(self.snapshot.get("name", ""))


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


class NameWord(models.Model):
    """One key of a dossier's folded applicant name, filed under one commune that sees the
    dossier: its competent commune, and also the receiving PSC's commune when it was filed
    away (phi địa giới). A key is a word of the name alone (`other` empty), or a word with
    another word of the same name (`other`): a name of n distinct words has n² keys under
    each commune. Staff search by name reads, under the commune, the keys of the query's
    rarest word with its next rarest as `other`, and checks any further word on the whole
    `name` kept beside it in the index, so its cost follows the commune's dossiers that
    have both words, not all those with one of them nor the province's history (ADR 0004,
    0006; docs/performance.md). Written with the dossier by the intake, never changed after.
    """

    place = models.CharField("xã, phường", max_length=5)
    word = models.CharField("từ (không dấu)", max_length=WORD_LENGTH)
    other = models.CharField(
        "từ khác cùng họ tên (không dấu)", max_length=WORD_LENGTH, blank=True, default=""
    )
    name = models.CharField("họ tên (không dấu)", max_length=120)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "từ trong họ tên người nộp"
        verbose_name_plural = "từ trong họ tên người nộp"
        indexes = [
            # Ranges of words compare bytes on PostgreSQL (the pattern operator class, any
            # collation); `name` rides in the index so a search reads the index alone.
            models.Index(
                fields=["place", "word", "other", "dossier"],
                name="name_word_place_pair_idx",
                opclasses=[
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "int8_ops",
                ],
                include=["name"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place}: {self.word} {self.other}".rstrip()


def name_words(dossier: Dossier, receiving_unit: str) -> list[NameWord]:
    """The `NameWord` rows of `dossier`'s applicant name, unsaved, for `bulk_create` (the
    intake, an online filing, a corrected name)."""
    folded = dossier.applicant_name_folded
    return [
        NameWord(dossier=dossier, place=place, word=word, other=other, name=folded)
        for place, word, other in name_word_keys(dossier.unit_id, receiving_unit, folded)
    ]


def name_word_set(folded: str) -> list[str]:
    """The distinct words of a folded name as its keys hold them, in order."""
    return sorted({word[:WORD_LENGTH] for word in folded.split() if word})


def name_word_keys(unit: str, receiving_unit: str, folded: str) -> list[tuple[str, str, str]]:
    """(commune, word, other word or "") of a folded name: each distinct word alone and with
    each other distinct word, once per commune that sees the dossier. A name's length is
    bounded (120 characters), so are its keys."""
    words = name_word_set(folded)
    return [
        (place, word, other)
        for place in sorted({unit, receiving_unit})
        for word in words
        for other in ["", *(other for other in words if other != word)]
    ]

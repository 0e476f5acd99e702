"""A dossier (hồ sơ) and the procedure snapshot it was received under.

A dossier is changed only by the functions in `dossiers.actions`, each in one transaction
that also appends a `DossierEvent` (invariant 1).
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models

from motcua.catalog.models import ProcedureVersion
from motcua.core.idnumber import mask_id_number
from motcua.core.models import TimeStampedModel, WriteOnce, WriteOnceQuerySet
from motcua.units.models import Agency, Unit

from ..choices import OPEN_STATES, Channel, State, Status, Timeliness

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

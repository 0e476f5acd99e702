"""Versioned procedures (thủ tục hành chính) of the catalog.

A `Procedure` is the stable identity (its national code). Everything that governs how a
dossier is handled (time limit, fees, documents, steps, e-form) lives on a
`ProcedureVersion`. Versions are append-only: an edit publishes a new version
(`catalog.actions.publish_version`) and an old one is never modified, because a dossier keeps
the version that governed it at receipt (invariant 2 of ARCHITECTURE.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import time
from typing import Any, ClassVar

from django.db import models

from motcua.core.models import TimeStampedModel

from .choices import OnlineLevel, ProcedureLevel, TimeLimitKind

# National procedure code on the national database of procedures: "1.001193".
CODE_REGEX = r"^[0-9]\.[0-9]{6}$"
# Province level-1 code of the procedure-at-province code (QCVN 102 "HNN").
PROVINCE_LEVEL1_REGEX = r"^H[0-9]{2}$"
# DOMAIN.md, Deadlines: 1 working day = 8 working hours.
WORKING_HOURS_PER_DAY = 8
DEFAULT_SAME_DAY_CUTOFF = time(15, 0)

# The fields a version's content is made of; a dossier snapshot copies these.
CONTENT_FIELDS: tuple[str, ...] = (
    "name",
    "field",
    "level",
    "authority",
    "time_limit_kind",
    "time_limit_days",
    "same_day_cutoff",
    "extended_limit_days",
    "extended_limit_condition",
    "time_limit_note",
    "time_limit_unverified",
    "fee_schedule",
    "required_documents",
    "result_documents",
    "legal_basis",
    "online",
    "steps",
    "form_schema",
    "sources",
)


class ImmutableVersionError(Exception):
    """Raised when code tries to change or delete a saved procedure version."""


class Procedure(TimeStampedModel):
    """An administrative procedure by its national code; its content is in its versions.

    The code never changes, so dossiers, statistics and the national portal refer to it.
    A procedure is never deleted: one that is abolished is marked inactive. The finder reads
    `search_folded` (the current version's name, documents and results, and the everyday
    words people use for it, folded by `core.text.fold`) and ranks a match of the whole
    query among the everyday words (`everyday_folded`) first.
    """

    code = models.CharField("mã thủ tục", max_length=16, unique=True)
    is_active = models.BooleanField("đang áp dụng", default=True)
    # The finder's index (`catalog.actions.index_procedure`): a search aid, not content, so
    # it lives here and changing it publishes no version.
    everyday_words = models.JSONField("cách nói thường ngày", default=list, blank=True)
    everyday_folded = models.TextField(editable=False, blank=True, default="")
    search_folded = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=CODE_REGEX), name="procedure_code_shape"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def code_at_province(self, province_level1_code: str) -> str:
        """The procedure-at-province code: national code + ".000.00.00." + the province's
        level-1 code (DOMAIN.md). The level-1 code is master data the province supplies."""
        return code_at_province(self.code, province_level1_code)


def code_at_province(national_code: str, province_level1_code: str) -> str:
    """`code_at_province("1.001193", "H99")` → "1.001193.000.00.00.H99"."""
    if not re.fullmatch(CODE_REGEX, national_code):
        raise ValueError(f"Mã thủ tục '{national_code}' không đúng dạng N.NNNNNN.")
    if not re.fullmatch(PROVINCE_LEVEL1_REGEX, province_level1_code):
        raise ValueError(f"Mã cấp 1 của tỉnh '{province_level1_code}' không đúng dạng HNN.")
    return f"{national_code}.000.00.00.{province_level1_code}"


class ProcedureVersion(models.Model):
    """One published content of a procedure (phiên bản thủ tục); immutable once saved.

    Exactly one version per procedure is current (a partial unique constraint). Only
    `is_current` may change on a saved row, and only through `publish_version`; any other
    save or a delete raises `ImmutableVersionError`, so the version a dossier refers to
    keeps saying what governed it (invariant 2). `content_hash` is the sha256 of the
    canonical JSON of the content: loading the catalog compares it to publish only changes.

    JSON shapes (checked by `catalog.content.check_content`):
      required_documents [{"id", "name", "form", "count", "mandatory", "note"?}]
      result_documents   [{"id", "name"}]
      legal_basis        [{"number", "title"}]
      steps              [{"name", "role", "hours"}] in order; hours may be null only when
                         the time limit is not stated
      fee_schedule       see catalog.fees.FEE_SCHEDULE_SCHEMA
      form_schema        a JSON Schema (draft 2020-12) whose `examples` validate against it
      sources            [{"fact", "source", "unverified"}]: where each fact comes from
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("phiên bản số")
    is_current = models.BooleanField("là phiên bản hiện hành", default=True)

    name = models.CharField("tên thủ tục", max_length=500)
    name_folded = models.CharField(max_length=500, db_index=True, editable=False)
    field = models.CharField("lĩnh vực", max_length=120)
    level = models.CharField(
        "cấp thực hiện",
        max_length=16,
        choices=ProcedureLevel.choices,
        default=ProcedureLevel.COMMUNE,
    )
    authority = models.CharField("cơ quan thực hiện", max_length=200)
    time_limit_kind = models.CharField(
        "loại thời hạn", max_length=16, choices=TimeLimitKind.choices
    )
    time_limit_days = models.PositiveSmallIntegerField(
        "thời hạn (ngày làm việc)", null=True, blank=True
    )
    same_day_cutoff = models.TimeField("giờ tiếp nhận tối đa trong ngày", null=True, blank=True)
    extended_limit_days = models.PositiveSmallIntegerField(
        "thời hạn khi cần xác minh (ngày làm việc)", null=True, blank=True
    )
    extended_limit_condition = models.CharField(
        "điều kiện áp dụng thời hạn kéo dài", max_length=300, blank=True
    )
    time_limit_note = models.CharField("ghi chú thời hạn", max_length=500, blank=True)
    time_limit_unverified = models.BooleanField("thời hạn chưa kiểm chứng", default=False)
    fee_schedule = models.JSONField("phí, lệ phí")
    required_documents = models.JSONField("thành phần hồ sơ", default=list)
    result_documents = models.JSONField("kết quả thực hiện", default=list)
    legal_basis = models.JSONField("căn cứ pháp lý", default=list)
    online = models.CharField(
        "mức độ trực tuyến", max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    steps = models.JSONField("quy trình nội bộ", default=list)
    form_schema = models.JSONField("biểu mẫu điện tử (JSON Schema)")
    sources = models.JSONField("nguồn thông tin", default=list)

    content_hash = models.CharField(max_length=64, editable=False)
    change_note = models.CharField("nội dung thay đổi", max_length=500, blank=True)
    published_by = models.CharField("người ban hành", max_length=150, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    MUTABLE_FIELDS: ClassVar[frozenset[str]] = frozenset({"is_current"})

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        ordering = ["procedure_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="procedure_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(is_current=True),
                name="procedure_version_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="procedure_version_number_positive"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        time_limit_kind=TimeLimitKind.SAME_DAY,
                        same_day_cutoff__isnull=False,
                        time_limit_days__isnull=True,
                    )
                    | models.Q(
                        time_limit_kind=TimeLimitKind.WORKING_DAYS,
                        same_day_cutoff__isnull=True,
                        time_limit_days__gte=1,
                    )
                    | models.Q(
                        time_limit_kind=TimeLimitKind.NOT_STATED,
                        same_day_cutoff__isnull=True,
                        time_limit_days__isnull=True,
                        extended_limit_days__isnull=True,
                    )
                ),
                name="procedure_version_time_limit_shape",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(extended_limit_days__isnull=True)
                    | models.Q(extended_limit_days__gte=1)
                ),
                name="procedure_version_extended_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}: {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (
            update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS
        ):
            raise ImmutableVersionError(
                "Phiên bản thủ tục đã ban hành không được sửa: hãy ban hành phiên bản mới."
            )
        if self._state.adding:
            self.content_hash = self.compute_hash()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableVersionError("Phiên bản thủ tục không được xóa: hồ sơ có thể tham chiếu.")

    # Derived values ---------------------------------------------------------------------

    def content(self) -> dict[str, Any]:
        """The content as JSON-ready data (the cut-off as "HH:MM"); what a snapshot copies."""
        data = {name: getattr(self, name) for name in CONTENT_FIELDS}
        cutoff = data["same_day_cutoff"]
        data["same_day_cutoff"] = cutoff.strftime("%H:%M") if cutoff else None
        return data

    def compute_hash(self) -> str:
        canonical = json.dumps(
            self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def time_limit(self) -> dict[str, Any]:
        """{"kind": "same_day", "cutoff": "15:00", ...} or {"kind": "working_days", "days": 7}."""
        return {
            "kind": self.time_limit_kind,
            "days": self.time_limit_days,
            "cutoff": self.same_day_cutoff.strftime("%H:%M") if self.same_day_cutoff else None,
            "extended_days": self.extended_limit_days,
            "extended_condition": self.extended_limit_condition,
            "note": self.time_limit_note,
            "unverified": self.time_limit_unverified,
        }

    @property
    def limit_hours(self) -> int | None:
        """Working hours the time limit allows (same day = one working day); None if unknown."""
        if self.time_limit_kind == TimeLimitKind.SAME_DAY:
            return WORKING_HOURS_PER_DAY
        if self.time_limit_kind == TimeLimitKind.WORKING_DAYS and self.time_limit_days:
            return self.time_limit_days * WORKING_HOURS_PER_DAY
        return None

    @property
    def step_hours(self) -> int:
        """The sum of the internal steps' hour budgets."""
        return sum(step["hours"] or 0 for step in self.steps)

"""Choices for the procedure catalog."""

from django.db import models


class ProcedureLevel(models.TextChoices):
    """Which tier of local government settles the procedure (two tiers since 1 July 2025)."""

    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"


class TimeLimitKind(models.TextChoices):
    """How a time limit (thời hạn giải quyết) is counted.

    `same_day`: received before the cut-off time, due 17:00 the same working day; at or
    after it, 17:00 the next working day (DOMAIN.md, Deadlines). `not_stated`: our sources
    give no limit; the counter must not invent one.
    """

    SAME_DAY = "same_day", "Trong ngày"
    WORKING_DAYS = "working_days", "Số ngày làm việc"
    NOT_STATED = "not_stated", "Chưa có thông tin"


class OnlineLevel(models.TextChoices):
    """Online availability on the public-service portal (dịch vụ công trực tuyến)."""

    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không trực tuyến"


class StepRole(models.TextChoices):
    """Who performs an internal step (bước xử lý nội bộ)."""

    COUNTER = "counter", "Bộ phận một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    LEADER = "leader", "Lãnh đạo"
    REGISTRAR = "registrar", "Công chức tư pháp - hộ tịch"


class DocumentForm(models.TextChoices):
    """In which form a required document is handed in."""

    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    CERTIFIED_COPY = "certified_copy", "Bản sao có chứng thực"
    PRESENT = "present", "Xuất trình bản chính"


class FeeKind(models.TextChoices):
    """How a fee or charge (phí, lệ phí) is computed; see `catalog.fees.compute_fee`.

    `provincial_rate`: the provincial People's Council sets the amount (no amount in the
    catalog until the province loads it); `not_stated`: our sources give nothing.
    """

    FREE = "free", "Miễn phí"
    FLAT = "flat", "Mức cố định"
    PER_COPY = "per_copy", "Theo bản"
    PER_PAGE = "per_page", "Theo trang, có mức trần"
    PROVINCIAL_RATE = "provincial_rate", "Theo mức của tỉnh"
    NOT_STATED = "not_stated", "Chưa có thông tin"


class Channel(models.TextChoices):
    """How a dossier is submitted (national channel codes 1, 2, 3)."""

    IN_PERSON = "in_person", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Qua bưu chính công ích"

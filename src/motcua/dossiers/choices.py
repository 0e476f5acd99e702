"""Choices for dossiers: national channel and status codes (DVCQG) and the finer state."""

from django.db import models

from motcua.catalog.choices import Channel as CatalogChannel


class Channel(models.IntegerChoices):
    """How a dossier was submitted, by its national channel code (DOMAIN.md)."""

    IN_PERSON = 1, "Trực tiếp"
    ONLINE = 2, "Trực tuyến"
    POSTAL = 3, "Qua bưu chính công ích"


# The catalog's fee rules name channels by text; this maps the national codes onto them.
CATALOG_CHANNEL: dict[int, str] = {
    Channel.IN_PERSON: CatalogChannel.IN_PERSON,
    Channel.ONLINE: CatalogChannel.ONLINE,
    Channel.POSTAL: CatalogChannel.POSTAL,
}


class Status(models.IntegerChoices):
    """National dossier status codes used for sync with the national portal (DVCQG)."""

    SUBMITTED_ONLINE = 1, "Mới đăng ký trực tuyến, chưa tiếp nhận"
    RECEIVED = 2, "Đã tiếp nhận"
    REFUSED = 3, "Không tiếp nhận (từ chối)"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT_REQUESTED = 5, "Yêu cầu bổ sung hồ sơ"
    PAYMENT_REQUESTED = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    RESULT_READY = 9, "Đã xử lý xong, chờ trả kết quả"
    RETURNED = 10, "Đã trả kết quả"


class State(models.TextChoices):
    """The finer lifecycle state inside a national status (e.g. which hand of 4 holds it)."""

    SUBMITTED = "submitted", "Chờ tiếp nhận"
    RECEIVED = "received", "Đã tiếp nhận, chờ chuyển xử lý"
    REFUSED = "refused", "Từ chối tiếp nhận"
    PROCESSING = "processing", "Chuyên viên đang xử lý"
    IN_REVIEW = "in_review", "Chuyên viên đang thẩm định"
    AWAITING_APPROVAL = "awaiting_approval", "Chờ lãnh đạo phê duyệt"
    AWAITING_SIGNATURE = "awaiting_signature", "Đã phê duyệt, chờ ký số kết quả"
    SUPPLEMENT_REQUESTED = "supplement_requested", "Chờ công dân bổ sung"
    PAYMENT_REQUESTED = "payment_requested", "Chờ nộp phí, lệ phí"
    WITHDRAWN = "withdrawn", "Đã rút"
    STOPPED = "stopped", "Đã dừng xử lý"
    RESULT_READY = "result_ready", "Chờ trả kết quả"
    RETURNED = "returned", "Đã trả kết quả"


# The national status each state belongs to.
STATUS_OF_STATE: dict[str, int] = {
    State.SUBMITTED: Status.SUBMITTED_ONLINE,
    State.RECEIVED: Status.RECEIVED,
    State.REFUSED: Status.REFUSED,
    State.PROCESSING: Status.PROCESSING,
    State.IN_REVIEW: Status.PROCESSING,
    State.AWAITING_APPROVAL: Status.PROCESSING,
    State.AWAITING_SIGNATURE: Status.PROCESSING,
    State.SUPPLEMENT_REQUESTED: Status.SUPPLEMENT_REQUESTED,
    State.PAYMENT_REQUESTED: Status.PAYMENT_REQUESTED,
    State.WITHDRAWN: Status.WITHDRAWN,
    State.STOPPED: Status.STOPPED,
    State.RESULT_READY: Status.RESULT_READY,
    State.RETURNED: Status.RETURNED,
}


# States a dossier is being worked on in (not yet submitted, not yet finished).
OPEN_STATES: frozenset[str] = frozenset(
    {
        State.RECEIVED,
        State.PROCESSING,
        State.IN_REVIEW,
        State.AWAITING_APPROVAL,
        State.AWAITING_SIGNATURE,
        State.SUPPLEMENT_REQUESTED,
        State.PAYMENT_REQUESTED,
    }
)
# States that end the dossier's processing.
FINISHED_STATES: frozenset[str] = frozenset(
    {State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RESULT_READY, State.RETURNED}
)


class Proposal(models.TextChoices):
    """What the specialist proposes after appraisal (đề xuất của chuyên viên)."""

    APPROVE = "approve", "Đề xuất giải quyết"
    REFUSE = "refuse", "Đề xuất từ chối giải quyết"


class PaymentMethod(models.TextChoices):
    """How money was paid at the counter (hình thức nộp phí, lệ phí)."""

    CASH = "cash", "Tiền mặt"
    TRANSFER = "transfer", "Chuyển khoản"
    CARD = "card", "Thẻ ngân hàng (máy POS)"


class PaymentKind(models.TextChoices):
    """A collection of a dossier's fee, or a refund of money collected."""

    COLLECT = "collect", "Thu"
    REFUND = "refund", "Hoàn trả"


class Timeliness(models.TextChoices):
    """Whether a dossier was settled before, on or after its due time (DVCQG)."""

    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


# The Vietnamese name of each event a dossier's chain may hold (`DossierEvent.action`), the one
# place the dossier page, form 06 and any other list of events read them from, so no page or
# paper shows an English action name. Dashed API spellings are folded by `event_label`.
EVENT_LABELS: dict[str, str] = {
    "submit": "Nộp hồ sơ trực tuyến",
    "receive": "Tiếp nhận hồ sơ",
    "accept": "Tiếp nhận hồ sơ nộp trực tuyến",
    "attach": "Đính kèm giấy tờ",
    "refuse": "Từ chối",
    "transfer": "Chuyển xử lý",
    "request_supplement": "Yêu cầu bổ sung hồ sơ",
    "submit_supplement": "Công dân gửi bổ sung trực tuyến",
    "supplement": "Nhận hồ sơ bổ sung",
    "appraise": "Thẩm định, đề xuất",
    "approve": "Phê duyệt",
    "sign": "Ký số kết quả",
    "send_back": "Trả lại chuyên viên",
    "extend": "Xin lỗi, gia hạn",
    "stop": "Dừng giải quyết",
    "withdraw": "Rút hồ sơ",
    "return": "Trả kết quả",
    "collect_fee": "Thu phí, lệ phí",
    "refund_fee": "Hoàn trả phí, lệ phí",
    "correct": "Sửa thông tin người nộp",
}
OTHER_EVENT = "Thao tác khác"


def event_label(action: str) -> str:
    """The Vietnamese name of an event action ("request-supplement" as "request_supplement")."""
    return EVENT_LABELS.get(action.replace("-", "_"), OTHER_EVENT)


class AccessKind(models.TextChoices):
    """What an official opened of a dossier (the access log, invariant 8)."""

    RECORD = "record", "Xem hồ sơ đầy đủ"
    FILE = "file", "Mở tệp đính kèm"

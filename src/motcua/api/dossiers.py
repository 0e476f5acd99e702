"""Dossier endpoints: counter intake `POST /api/v1/dossiers` (with `Idempotency-Key`), the
scoped list `GET /api/v1/dossiers`, one dossier `GET /api/v1/dossiers/{code}`, its timeline
`/events`, its chain check `/verify`, its files `/attachments`, and the lifecycle actions
`POST /api/v1/dossiers/{code}/actions/{action}`, dispatched through `lifecycle.ACTIONS`.

Thin: parse, call `dossiers.actions` / `dossiers.queries`, render. A dossier outside the
caller's scope answers 404, like an absent one, so codes do not leak.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import BaseModel

from motcua.core.idnumber import mask_id_number
from motcua.dossiers import choices, lifecycle
from motcua.dossiers.actions import Applicant, DossierError, receive_dossier_outcome
from motcua.dossiers.attachments import (
    attach_file,
    attachment_of,
    attachment_response,
    attachments_of,
    digitisation,
)
from motcua.dossiers.events import chain_report
from motcua.dossiers.models import Attachment, Dossier, DossierEvent
from motcua.dossiers.queries import (
    WORK_QUEUES,
    attachment_documents,
    attachments_count,
    dossier_by_code,
    dossier_handle,
    dossiers_list,
    log_opened,
    not_found,
    pending_online,
    queue_rows,
)

from .auth import auth
from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["dossiers"], auth=auth)


def _local(value: datetime | None) -> datetime | None:
    """Instants are stored in UTC and shown in Asia/Ho_Chi_Minh (+07:00, invariant 3)."""
    return timezone.localtime(value) if value is not None else None


def dossier_problem(error: DossierError) -> Problem:
    """The problem+json of a refused dossier action: its status, message, errors and outcome."""
    extra: dict[str, Any] = {"errors": error.errors} if error.errors else {}
    if error.outcome:
        extra["outcome"] = error.outcome
    return Problem(error.status, error.message, **extra)


def scoped_dossier(request: HttpRequest, code: str) -> Dossier:
    """The dossier in the caller's scope, else 404 (out of scope looks absent, invariant 6)."""
    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Problem(404, not_found(code))
    return dossier


class ApplicantIn(Schema):
    full_name: str = Field(..., max_length=200)
    id_number: str = Field(..., max_length=20)
    date_of_birth: date | None = None
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)


class DocumentIn(Schema):
    document: str = Field(..., max_length=100)
    originals: int = 0
    copies: int = 0


class DossierIn(Schema):
    procedure: str = Field(..., max_length=16)
    unit: str = Field(..., max_length=5)
    channel: int = 1
    applicant: ApplicantIn
    data: dict[str, Any] = {}
    documents: list[DocumentIn] = []
    assisted_by_volunteer: bool = False
    fee: int | None = None
    # Why `fee` differs from the amount the schedule gives for this data (an override).
    fee_reason: str = Field("", max_length=300)
    # A dossier received offline (docs/guides/offline.md): the code its receipt printed, from
    # a block leased to `device_id`, the device's receipt time and the procedure version the
    # device had cached. Absent for online intake.
    code: str | None = Field(None, max_length=32)
    device_id: str | None = Field(None, max_length=64)
    received_at: datetime | None = None
    procedure_version: int | None = None
    # The person has a dossier filed online still waiting to be received: the counter is
    # asked to receive that one (409 `pending_online`), unless this is another matter.
    other_matter: bool = False


class DossierCreatedOut(Schema):
    code: str
    status: int
    state: str
    received_at: datetime
    due_at: datetime | None
    version: int

    @staticmethod
    def resolve_received_at(obj: Dossier) -> datetime | None:
        return _local(obj.received_at)

    @staticmethod
    def resolve_due_at(obj: Dossier) -> datetime | None:
        return _local(obj.due_at)


class DossierReceivedOut(DossierCreatedOut):
    """The intake answer; `attention` lists notes an offline receipt was synced with."""

    attention: list[str] = []

    @staticmethod
    def resolve_attention(obj: Dossier) -> list[str]:
        return list(getattr(obj, "sync_attention", ()))


class ApplicantOut(Schema):
    full_name: str
    id_number: str
    date_of_birth: date | None
    address: str
    phone: str
    email: str


class DocumentOut(Schema):
    document: str
    originals: int
    copies: int


class DossierOut(DossierCreatedOut):
    status_label: str
    state_label: str
    procedure: str
    procedure_name: str
    procedure_version: int
    unit: str
    unit_name: str
    receiving_agency: str
    channel: int
    assisted_by_volunteer: bool
    applicant: ApplicantOut
    data: dict[str, Any]
    documents: list[DocumentOut]
    fee: int
    fee_note: str
    current_step: int
    finished_at: datetime | None
    returned_at: datetime | None
    timeliness: str | None
    timeliness_label: str | None
    assignee: str | None
    received_by: str | None
    events_count: int
    step_name: str | None
    step_due_at: datetime | None
    steps_total: int
    suspended_at: datetime | None
    suspended_hours: float
    supplement_count: int
    supplemented_at: datetime | None
    counts_late: bool
    extended_at: datetime | None
    original_due_at: datetime | None
    closing_reason: str
    attachments_count: int
    digitised: bool
    missing_files: list[str]
    allowed_actions: list[str]

    @staticmethod
    def resolve_timeliness_label(obj: Dossier) -> str | None:
        return obj.get_timeliness_display() if obj.timeliness else None

    @staticmethod
    def resolve_step_name(obj: Dossier) -> str | None:
        steps = obj.snapshot.get("steps") or []
        if obj.current_step < len(steps):
            return str(steps[obj.current_step].get("name", ""))
        return None

    @staticmethod
    def resolve_step_due_at(obj: Dossier) -> datetime | None:
        return _local(obj.step_due_at)

    @staticmethod
    def resolve_steps_total(obj: Dossier) -> int:
        return len(obj.snapshot.get("steps") or [])

    @staticmethod
    def resolve_suspended_at(obj: Dossier) -> datetime | None:
        return _local(obj.suspended_at)

    @staticmethod
    def resolve_supplemented_at(obj: Dossier) -> datetime | None:
        return _local(obj.supplemented_at)

    @staticmethod
    def resolve_suspended_hours(obj: Dossier) -> float:
        return round(obj.suspended_time.total_seconds() / 3600, 2)

    @staticmethod
    def resolve_extended_at(obj: Dossier) -> datetime | None:
        return _local(obj.extended_at)

    @staticmethod
    def resolve_original_due_at(obj: Dossier) -> datetime | None:
        return _local(obj.original_due_at)

    @staticmethod
    def resolve_attachments_count(obj: Dossier) -> int:
        return attachments_count(obj)

    @staticmethod
    def resolve_digitised(obj: Dossier) -> bool:
        return digitisation(obj, attachment_documents(obj)).complete

    @staticmethod
    def resolve_missing_files(obj: Dossier) -> list[str]:
        return list(digitisation(obj, attachment_documents(obj)).missing)

    @staticmethod
    def resolve_allowed_actions(obj: Dossier, context: dict[str, Any]) -> list[str]:
        request = context.get("request")
        return lifecycle.allowed_actions(obj, request.user) if request is not None else []

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_state_label(obj: Dossier) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_procedure(obj: Dossier) -> str:
        return obj.procedure_code

    @staticmethod
    def resolve_procedure_version(obj: Dossier) -> int:
        return int(obj.snapshot["version"])

    @staticmethod
    def resolve_unit(obj: Dossier) -> str:
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj: Dossier) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_receiving_agency(obj: Dossier) -> str:
        return obj.receiving_agency.name

    @staticmethod
    def resolve_applicant(obj: Dossier) -> dict[str, Any]:
        return {
            "full_name": obj.applicant_name,
            "id_number": obj.applicant_id_number,
            "date_of_birth": obj.applicant_date_of_birth,
            "address": obj.applicant_address,
            "phone": obj.applicant_phone,
            "email": obj.applicant_email,
        }

    @staticmethod
    def resolve_finished_at(obj: Dossier) -> datetime | None:
        return _local(obj.finished_at)

    @staticmethod
    def resolve_returned_at(obj: Dossier) -> datetime | None:
        return _local(obj.returned_at)

    @staticmethod
    def resolve_received_by(obj: Dossier) -> str | None:
        return obj.received_by.get_username() if obj.received_by is not None else None

    @staticmethod
    def resolve_assignee(obj: Dossier) -> str | None:
        return obj.assignee.get_username() if obj.assignee is not None else None


# A plain pydantic model, not a ninja `Schema`: its rows are dicts with nothing to resolve,
# and pydantic checks them without ninja's per-attribute getter (a page of 20: 0.24 → 0.05
# ms; docs/performance.md).
class DossierListItemOut(BaseModel):
    """One row of a list, built by `_list_item` from the shown columns only."""

    code: str
    status: int
    status_label: str
    state: str
    procedure: str
    procedure_name: str
    unit: str
    unit_name: str
    applicant_name: str
    applicant_id_number: str
    received_at: datetime
    due_at: datetime | None
    timeliness: str | None
    assignee: str | None
    version: int


class DossierPage(Schema):
    count: int
    # True where a name search stopped counting at `count` (1,000): that many or more.
    count_capped: bool = False
    limit: int
    offset: int
    items: list[DossierListItemOut]


class DossierFilters(Schema):
    status: int | None = None
    q: str | None = None
    unit: str | None = None
    overdue: bool | None = None
    queue: str | None = None


@router.post(
    "",
    response={200: DossierReceivedOut, 201: DossierReceivedOut},
    summary="Tiếp nhận hồ sơ tại bộ phận một cửa (gửi lại cùng Idempotency-Key trả hồ sơ cũ)",
)
def receive(request: HttpRequest, payload: DossierIn) -> Status[Dossier]:
    applicant = payload.applicant
    # One citizen, one dossier across channels: a counter intake (not an offline dossier
    # whose receipt is already printed) is pointed to the person's pending online dossier.
    pending = (
        pending_online(request.user, applicant.id_number)
        if not payload.code and not payload.other_matter
        else []
    )
    if pending:
        codes = [dossier.code for dossier in pending]
        raise Problem(
            409,
            f"Người nộp đã nộp trực tuyến hồ sơ {', '.join(codes)} đang chờ tiếp nhận: hãy "
            "tiếp nhận hồ sơ đó; nếu là việc khác, gửi lại với other_matter = true.",
            outcome="pending_online",
            dossiers=codes,
        )
    try:
        outcome = receive_dossier_outcome(
            actor=request.user,  # type: ignore[arg-type]
            procedure=payload.procedure,
            unit=payload.unit,
            channel=payload.channel,
            applicant=Applicant(
                full_name=applicant.full_name,
                id_number=applicant.id_number,
                date_of_birth=applicant.date_of_birth,
                address=applicant.address,
                phone=applicant.phone,
                email=applicant.email,
            ),
            data=payload.data,
            documents=[document.dict() for document in payload.documents],
            idempotency_key=request.headers.get("Idempotency-Key"),
            assisted_by_volunteer=payload.assisted_by_volunteer,
            fee=payload.fee,
            fee_reason=payload.fee_reason,
            received_at=payload.received_at if payload.code else None,
            code=payload.code,
            device_id=payload.device_id,
            procedure_version_number=payload.procedure_version,
        )
    except DossierError as error:
        raise dossier_problem(error) from error
    outcome.dossier.sync_attention = outcome.attention  # type: ignore[attr-defined]
    return Status(201 if outcome.created else 200, outcome.dossier)


@router.get("", response=DossierPage, summary="Danh sách hồ sơ trong phạm vi của người dùng")
def list_dossiers(
    request: HttpRequest, filters: Query[DossierFilters], page: Query[PageParams]
) -> dict[str, Any]:
    if filters.queue and filters.queue not in WORK_QUEUES:
        raise Problem(
            422,
            f"Không có hàng đợi '{filters.queue}'; chọn một trong: {', '.join(WORK_QUEUES)}.",
        )
    filtered: dict[str, Any] = {
        "status": filters.status,
        "q": filters.q,
        "unit": filters.unit,
        "overdue": filters.overdue,
    }
    # Only what `DossierListItemOut` shows, as values written in SQL (`dossiers.listing`):
    # no queryset compiled, no model instances (docs/performance.md). A work queue is read
    # a page at a time from its two sides (`queue_rows`).
    rows = (
        queue_rows(request.user, filters.queue, **filtered)
        if filters.queue
        else dossiers_list(request.user, **filtered)
    )
    listed = paginate(rows.as_values(), page)
    listed["items"] = [_list_item(row) for row in listed["items"]]
    return listed


def _list_item(row: dict[str, Any]) -> dict[str, Any]:
    """A list row as shown: status label, masked ID number (invariant 8), local times."""
    return {
        **row,
        "unit": row["unit_id"],
        "assignee": row["assignee_name"],
        "status_label": choices.Status(row["status"]).label,
        "applicant_id_number": mask_id_number(row["applicant_id_number"]),
        "received_at": _local(row["received_at"]),
        "due_at": _local(row["due_at"]),
        "procedure": row["procedure"] or "",
        "procedure_name": row["procedure_name"] or "",
    }


@router.get("/{code}", response=DossierOut, summary="Một hồ sơ (trong phạm vi)")
def get_dossier(request: HttpRequest, code: str) -> Dossier:
    return scoped_dossier(request, code)


class EventOut(Schema):
    seq: int
    action: str
    actor: str | None
    actor_username: str | None
    at: datetime
    payload: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: DossierEvent) -> str | None:
        if obj.actor is None:
            return None
        official = getattr(obj.actor, "official", None)
        return official.full_name if official is not None else obj.actor.get_username()

    @staticmethod
    def resolve_actor_username(obj: DossierEvent) -> str | None:
        return obj.actor.get_username() if obj.actor is not None else None

    @staticmethod
    def resolve_at(obj: DossierEvent) -> datetime | None:
        return _local(obj.at)


@router.get("/{code}/events", response=list[EventOut], summary="Nhật ký xử lý hồ sơ")
def dossier_events(request: HttpRequest, code: str) -> list[DossierEvent]:
    dossier = scoped_dossier(request, code)
    return list(
        DossierEvent.objects.filter(dossier_id=dossier.pk)
        .select_related("actor", "actor__official")
        .order_by("seq")
    )


class VerifyOut(Schema):
    ok: bool
    problems: list[str] | None = None
    broken_at: int | None = None


@router.get(
    "/{code}/verify",
    response=VerifyOut,
    exclude_none=True,
    summary="Kiểm tra chuỗi băm nhật ký hồ sơ",
)
def verify(request: HttpRequest, code: str) -> dict[str, Any]:
    dossier = scoped_dossier(request, code)
    problems, broken_at = chain_report(dossier)
    if not problems:
        return {"ok": True}
    return {"ok": False, "problems": problems, "broken_at": broken_at}


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    sha256: str
    document: str
    uploaded_by: str
    uploaded_at: datetime

    @staticmethod
    def resolve_uploaded_by(obj: Attachment) -> str:
        return obj.uploaded_by.get_username()

    @staticmethod
    def resolve_uploaded_at(obj: Attachment) -> datetime | None:
        return _local(obj.uploaded_at)


@router.get("/{code}/attachments", response=list[AttachmentOut], summary="Tệp đính kèm của hồ sơ")
def list_attachments(request: HttpRequest, code: str) -> list[Attachment]:
    return attachments_of(scoped_dossier(request, code))


@router.post(
    "/{code}/attachments",
    response={200: AttachmentOut, 201: AttachmentOut},
    summary="Đính kèm tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung)",
)
def upload_attachment(
    request: HttpRequest,
    code: str,
    file: File[UploadedFile],
    document: Form[str] = "",
) -> Status[Attachment]:
    dossier = scoped_dossier(request, code)
    try:
        outcome = attach_file(
            dossier,
            actor=request.user,  # type: ignore[arg-type]
            upload=file,
            document=document or None,
        )
    except DossierError as error:
        raise dossier_problem(error) from error
    return Status(201 if outcome.created else 200, outcome.attachment)


@router.get(
    "/{code}/attachments/{attachment_id}/file",
    summary="Nội dung một tệp đính kèm (xem trực tiếp; ?download=1 để tải về)",
)
def attachment_file(
    request: HttpRequest, code: str, attachment_id: int, download: bool = False
) -> FileResponse:
    """The bytes of one file of a dossier in scope, with the type read from its content;
    each view is logged (invariant 8). Another dossier's file id answers 404."""
    dossier = scoped_dossier(request, code)
    attachment = attachment_of(dossier, attachment_id)
    if attachment is None:
        raise Problem(404, f"Hồ sơ {dossier.code} không có tệp đính kèm số {attachment_id}.")
    return attachment_response(attachment, user=request.user, download=download)


class ActionIn(Schema):
    """The body of a lifecycle action; each action reads the fields it needs."""

    assignee: str = Field("", max_length=150)
    proposal: str = Field("", max_length=16)
    note: str = Field("", max_length=2000)
    reason: str = Field("", max_length=2000)
    # request-supplement a second time: why (the dossier then counts late, Decision 766).
    repeat_reason: str = Field("", max_length=2000)
    documents: list[str] | None = None
    new_due: str | None = Field(None, max_length=40)
    # approve / sign: unlocks the leader's signing key; used once, never stored or logged.
    pin: str = Field("", max_length=128)
    # return: who collected the result at the counter, or the postal tracking number (channel 3)
    collector_name: str = Field("", max_length=200)
    collector_id_number: str = Field("", max_length=20)
    tracking_number: str = Field("", max_length=50)
    version: int | None = None


@router.post(
    "/{code}/actions/{action}",
    response=DossierOut,
    summary="Thao tác xử lý hồ sơ: " + ", ".join(lifecycle.ACTIONS),
)
def act(request: HttpRequest, code: str, action: str, payload: ActionIn) -> Dossier:
    spec = lifecycle.ACTIONS.get(action)
    if spec is None:
        raise Problem(404, f"Không có thao tác '{action}' đối với hồ sơ.")
    # A handle: the action itself checks scope first (404 as if absent) and loads the row.
    dossier = dossier_handle(code)
    if dossier is None:
        raise Problem(404, not_found(code))
    fields = {name: getattr(payload, name) for name in spec.fields}
    try:
        spec.run(dossier, actor=request.user, expected_version=payload.version, **fields)
    except DossierError as error:
        raise dossier_problem(error) from error
    log_opened(request.user, dossier)  # the answer is the full record
    return dossier

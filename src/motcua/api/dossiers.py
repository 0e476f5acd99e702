"""Dossier endpoints: counter intake `POST /api/v1/dossiers` (with `Idempotency-Key`), the
scoped list `GET /api/v1/dossiers`, one dossier `GET /api/v1/dossiers/{code}`, its timeline
`/events`, its chain check `/verify`, its files `/attachments`, and the lifecycle actions
`POST /api/v1/dossiers/{code}/actions/{action}`, dispatched through `ACTIONS`.

Thin: parse, call `dossiers.actions` / `dossiers.queries`, render. A dossier outside the
caller's scope answers 404, like an absent one, so codes do not leak.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from motcua.core.idnumber import mask_id_number
from motcua.dossiers import choices
from motcua.dossiers.actions import ACTIONS, Applicant, DossierError, receive_dossier_outcome
from motcua.dossiers.actions.attachments import (
    attach_file,
    attachment_of,
    attachment_response,
    attachments_of,
)
from motcua.dossiers.events import chain_report
from motcua.dossiers.models import Attachment, Dossier, DossierEvent
from motcua.dossiers.queries import (
    WORK_QUEUES,
    dossier_by_code,
    dossier_handle,
    dossiers_list,
    log_opened,
    not_found,
    pending_online,
    queue_rows,
)

from .auth import auth
from .dossier_schemas import (
    ActionIn,
    AttachmentOut,
    DossierFilters,
    DossierIn,
    DossierOut,
    DossierPage,
    DossierReceivedOut,
    EventOut,
    VerifyOut,
    local_time,
)
from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["dossiers"], auth=auth)


def dossier_problem(error: DossierError) -> Problem:
    """The problem+json of a refused dossier action: its status, message, errors and outcome."""
    extra: dict[str, Any] = {"errors": error.errors} if error.errors else {}
    if error.outcome:
        extra["outcome"] = error.outcome
    return Problem(error.status, error.message, **extra)


def scoped_dossier(request: HttpRequest, code: str, *, opened: bool = True) -> Dossier:
    """The dossier in the caller's scope, else 404 (out of scope looks absent, invariant 6);
    logged as opened unless `opened` is False (`queries.dossier_by_code`)."""
    dossier = dossier_by_code(request.user, code, opened=opened)
    if dossier is None:
        raise Problem(404, not_found(code))
    return dossier


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
        "received_at": local_time(row["received_at"]),
        "due_at": local_time(row["due_at"]),
        "procedure": row["procedure"] or "",
        "procedure_name": row["procedure_name"] or "",
    }


@router.get("/{code}", response=DossierOut, summary="Một hồ sơ (trong phạm vi)")
def get_dossier(request: HttpRequest, code: str) -> Dossier:
    return scoped_dossier(request, code)


@router.get("/{code}/events", response=list[EventOut], summary="Nhật ký xử lý hồ sơ")
def dossier_events(request: HttpRequest, code: str) -> list[DossierEvent]:
    dossier = scoped_dossier(request, code)
    return list(
        DossierEvent.objects.filter(dossier_id=dossier.pk)
        .select_related("actor", "actor__official")
        .order_by("seq")
    )


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
    dossier = scoped_dossier(request, code, opened=False)  # the file's opening is logged
    attachment = attachment_of(dossier, attachment_id)
    if attachment is None:
        raise Problem(404, f"Hồ sơ {dossier.code} không có tệp đính kèm số {attachment_id}.")
    return attachment_response(attachment, user=request.user, download=download)


@router.post(
    "/{code}/actions/{action}",
    response=DossierOut,
    summary="Thao tác xử lý hồ sơ: " + ", ".join(ACTIONS),
)
def act(request: HttpRequest, code: str, action: str, payload: ActionIn) -> Dossier:
    spec = ACTIONS.get(action)
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

"""Dossier endpoints: counter intake `POST /api/v1/dossiers` (with `Idempotency-Key`), the
scoped list `GET /api/v1/dossiers`, one dossier `GET /api/v1/dossiers/{code}` and the
lifecycle actions `POST /api/v1/dossiers/{code}/actions/{action}`.

Thin: parse, call `dossiers.actions` / `dossiers.queries`, render. A dossier outside the
caller's scope answers 404, like an absent one, so codes do not leak.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from motcua.dossiers import lifecycle
from motcua.dossiers.actions import Applicant, DossierError, receive_dossier_outcome
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import dossier_by_code, dossiers_list

from .auth import auth
from .pagination import PageParams, paginate
from .problems import Problem

router = Router(tags=["dossiers"], auth=auth)


def _local(value: datetime | None) -> datetime | None:
    """Instants are stored in UTC and shown in Asia/Ho_Chi_Minh (+07:00, invariant 3)."""
    return timezone.localtime(value) if value is not None else None


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
    assignee: str | None
    received_by: str
    events_count: int

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
    def resolve_received_by(obj: Dossier) -> str:
        return obj.received_by.get_username()

    @staticmethod
    def resolve_assignee(obj: Dossier) -> str | None:
        return obj.assignee.get_username() if obj.assignee is not None else None


class DossierListItemOut(Schema):
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
    version: int

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_procedure(obj: Dossier) -> str:
        return obj.procedure_code

    @staticmethod
    def resolve_procedure_name(obj: Dossier) -> str:
        return obj.procedure_name

    @staticmethod
    def resolve_unit(obj: Dossier) -> str:
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj: Dossier) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_applicant_id_number(obj: Dossier) -> str:
        return obj.masked_id_number

    @staticmethod
    def resolve_received_at(obj: Dossier) -> datetime | None:
        return _local(obj.received_at)

    @staticmethod
    def resolve_due_at(obj: Dossier) -> datetime | None:
        return _local(obj.due_at)


class DossierPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DossierListItemOut]


class DossierFilters(Schema):
    status: int | None = None
    q: str | None = None


@router.post(
    "",
    response={200: DossierCreatedOut, 201: DossierCreatedOut},
    summary="Tiếp nhận hồ sơ tại bộ phận một cửa (gửi lại cùng Idempotency-Key trả hồ sơ cũ)",
)
def receive(request: HttpRequest, payload: DossierIn) -> Status[Dossier]:
    applicant = payload.applicant
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
        )
    except DossierError as error:
        extra = {"errors": error.errors} if error.errors else {}
        raise Problem(error.status, error.message, **extra) from error
    return Status(201 if outcome.created else 200, outcome.dossier)


@router.get("", response=DossierPage, summary="Danh sách hồ sơ trong phạm vi của người dùng")
def list_dossiers(
    request: HttpRequest, filters: Query[DossierFilters], page: Query[PageParams]
) -> dict[str, Any]:
    return paginate(dossiers_list(request.user, status=filters.status, q=filters.q), page)


@router.get("/{code}", response=DossierOut, summary="Một hồ sơ (trong phạm vi)")
def get_dossier(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Problem(404, f"Không tìm thấy hồ sơ mã {code}.")
    return dossier


class ActionIn(Schema):
    """The body of a lifecycle action; each action reads the fields it needs."""

    assignee: str = Field("", max_length=150)
    proposal: str = Field("", max_length=16)
    note: str = Field("", max_length=2000)
    reason: str = Field("", max_length=2000)
    version: int | None = None


def _run(action: str, dossier: Dossier, actor: Any, payload: ActionIn) -> Dossier:
    version = payload.version
    if action == "transfer":
        return lifecycle.transfer(
            dossier, actor=actor, assignee_username=payload.assignee, expected_version=version
        )
    if action == "appraise":
        return lifecycle.appraise(
            dossier,
            actor=actor,
            proposal=payload.proposal,
            note=payload.note,
            expected_version=version,
        )
    if action == "send-back":
        return lifecycle.send_back(
            dossier, actor=actor, reason=payload.reason, expected_version=version
        )
    if action == "approve":
        return lifecycle.approve(dossier, actor=actor, expected_version=version)
    return lifecycle.return_result(dossier, actor=actor, expected_version=version)


ACTIONS = frozenset({"transfer", "appraise", "send-back", "approve", "return"})


@router.post(
    "/{code}/actions/{action}",
    response=DossierOut,
    summary="Thao tác xử lý hồ sơ: transfer, appraise, send-back, approve, return",
)
def act(request: HttpRequest, code: str, action: str, payload: ActionIn) -> Dossier:
    if action not in ACTIONS:
        raise Problem(404, f"Không có thao tác '{action}' đối với hồ sơ.")
    dossier = dossier_by_code(request.user, code)
    if dossier is None:
        raise Problem(404, f"Không tìm thấy hồ sơ mã {code}.")
    try:
        _run(action, dossier, request.user, payload)
    except DossierError as error:
        extra = {"errors": error.errors} if error.errors else {}
        raise Problem(error.status, error.message, **extra) from error
    return dossier

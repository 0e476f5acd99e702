"""The request and response schemas of the dossier endpoints (`api/dossiers.py`): what
the counter sends at intake and with an action, and what a dossier, its list rows, events,
chain check and files look like in JSON. Instants are shown in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import BaseModel

from motcua.accounts.queries import display_name
from motcua.dossiers.actions import allowed_actions
from motcua.dossiers.actions.attachments import (
    digitisation,
)
from motcua.dossiers.models import Attachment, Dossier, DossierEvent
from motcua.dossiers.queries import (
    attachment_documents,
    attachments_count,
)

from .numbers import Natural, Positive


def local_time(value: datetime | None) -> datetime | None:
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
    originals: Natural = 0
    copies: Natural = 0


class DossierIn(Schema):
    procedure: str = Field(..., max_length=16)
    unit: str = Field(..., max_length=5)
    channel: Positive = 1
    applicant: ApplicantIn
    data: dict[str, Any] = {}
    documents: list[DocumentIn] = []
    assisted_by_volunteer: bool = False
    fee: Natural | None = None
    # Why `fee` differs from the amount the schedule gives for this data (an override).
    fee_reason: str = Field("", max_length=300)
    # A dossier received offline (docs/guides/offline.md): the code its receipt printed, from
    # a block leased to `device_id`, the device's receipt time and the procedure version the
    # device had cached. Absent for online intake.
    code: str | None = Field(None, max_length=32)
    device_id: str | None = Field(None, max_length=64)
    received_at: datetime | None = None
    procedure_version: Positive | None = None
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
        return local_time(obj.received_at)

    @staticmethod
    def resolve_due_at(obj: Dossier) -> datetime | None:
        return local_time(obj.due_at)


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
        return local_time(obj.step_due_at)

    @staticmethod
    def resolve_steps_total(obj: Dossier) -> int:
        return len(obj.snapshot.get("steps") or [])

    @staticmethod
    def resolve_suspended_at(obj: Dossier) -> datetime | None:
        return local_time(obj.suspended_at)

    @staticmethod
    def resolve_supplemented_at(obj: Dossier) -> datetime | None:
        return local_time(obj.supplemented_at)

    @staticmethod
    def resolve_suspended_hours(obj: Dossier) -> float:
        return round(obj.suspended_time.total_seconds() / 3600, 2)

    @staticmethod
    def resolve_extended_at(obj: Dossier) -> datetime | None:
        return local_time(obj.extended_at)

    @staticmethod
    def resolve_original_due_at(obj: Dossier) -> datetime | None:
        return local_time(obj.original_due_at)

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
        return allowed_actions(obj, request.user) if request is not None else []

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
        return local_time(obj.finished_at)

    @staticmethod
    def resolve_returned_at(obj: Dossier) -> datetime | None:
        return local_time(obj.returned_at)

    # Officials by name, not by login (issue 24: usernames only to those who need them).
    @staticmethod
    def resolve_received_by(obj: Dossier) -> str | None:
        return display_name(obj.received_by)

    @staticmethod
    def resolve_assignee(obj: Dossier) -> str | None:
        return display_name(obj.assignee)


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
    status: Natural | None = None
    q: str | None = None
    unit: str | None = None
    overdue: bool | None = None
    queue: str | None = None


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
        return official.full_name if official is not None else display_name(obj.actor)

    @staticmethod
    def resolve_actor_username(obj: DossierEvent, context: dict[str, Any]) -> str | None:
        """The caller's own username on the events they did; None on anyone else's."""
        request = (context or {}).get("request")
        caller = getattr(request, "user", None)
        if obj.actor is None or caller is None or obj.actor_id != caller.pk:
            return None
        return obj.actor.get_username()

    @staticmethod
    def resolve_at(obj: DossierEvent) -> datetime | None:
        return local_time(obj.at)


class VerifyOut(Schema):
    ok: bool
    problems: list[str] | None = None
    broken_at: int | None = None


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
        return display_name(obj.uploaded_by) or ""

    @staticmethod
    def resolve_uploaded_at(obj: Attachment) -> datetime | None:
        return local_time(obj.uploaded_at)


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
    version: Natural | None = None
